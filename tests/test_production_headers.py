"""The security headers a visitor's browser gets from the production settings, and the proxy
settings behind them. Run in a fresh interpreter: settings are read once per process."""

import json

from tests.test_settings import production_env, run_python

PUBLIC_PAGE = """
    import json, django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from django.test import Client
    # As the proxy hands it on: HTTPS ended there, the visitor's address appended.
    client = Client(
        HTTP_HOST="gronderhus.no",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    response = client.get("/nb/accounts/login/")
    print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


def test_a_public_page_carries_the_security_headers_in_production(tmp_path):
    env = production_env(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env["REDIS_URL"] = ""

    result = run_python(
        PUBLIC_PAGE, tmp_path=tmp_path, settings="grunderhus.settings.production", **env
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    headers = answer["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = headers["Content-Security-Policy"]
    # Directives in any order: "name value…; name value…".
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]


PROXY_SETTINGS = """
    import json, django
    django.setup()
    from django.conf import settings as s
    print(json.dumps({
        "proxy_count": s.ALLAUTH_TRUSTED_PROXY_COUNT,
        "ip_header": s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
        "ssl_header": s.SECURE_PROXY_SSL_HEADER,
        "forwarded_host": s.USE_X_FORWARDED_HOST,
    }))
"""


def probe(tmp_path, settings, **env):
    result = run_python(PROXY_SETTINGS, tmp_path=tmp_path, settings=settings, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_trusts_exactly_the_one_proxy_in_front_of_it(tmp_path):
    values = probe(tmp_path, "grunderhus.settings.production", **production_env(tmp_path))

    assert values["proxy_count"] == 1
    assert values["ip_header"] is None
    assert values["ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["forwarded_host"] is False


def test_the_proxy_count_and_client_ip_header_come_from_the_environment(tmp_path):
    values = probe(
        tmp_path,
        "grunderhus.settings.production",
        **production_env(tmp_path),
        ALLAUTH_TRUSTED_PROXY_COUNT="2",
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
    )

    assert values["proxy_count"] == 2
    assert values["ip_header"] == "X-Real-IP"


def test_the_development_server_trusts_no_forwarded_address(tmp_path):
    # Nothing stands in front of runserver: a header there would be the client's own claim.
    values = probe(tmp_path, "grunderhus.settings.dev")

    assert values["proxy_count"] == 0
    assert values["ip_header"] is None
