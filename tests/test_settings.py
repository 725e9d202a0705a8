"""Each run mode's settings, loaded in a fresh interpreter with its own environment: the
settings module is read once per process, so the test process's own settings cannot tell."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "x7Qm2-long-random-production-secret-Lk9vR3nW8pZt4yB6cF1hJ5dG0sA-eU"
# Not inherited: the run mode's own values are set per test. DJANGO_ALLOW_ASYNC_UNSAFE is set
# by the browser tests' fixtures in this process and must never reach a deployment.
INHERITED_NOT = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_python(code, *, tmp_path, settings, **env_vars):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_NOT}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        GRUNDERHUS_VAR_DIR=str(tmp_path / "var"),
        **env_vars,
    )
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path):
    return {
        "DJANGO_SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "gronderhus.no,www.gronderhus.no",
        "CSRF_TRUSTED_ORIGINS": "https://gronderhus.no",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}"),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp+tls://post%40gronderhus.no:secret@smtp.example.org:587",
        "WAGTAILADMIN_BASE_URL": "https://gronderhus.no",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = run_python(
        """
        import sys
        from django.core.management import execute_from_command_line
        execute_from_command_line(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
        )
        """,
        tmp_path=tmp_path,
        settings="grunderhus.settings.production",
        **production_env(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_reads_secrets_and_services_from_the_environment(tmp_path):
    result = run_python(
        """
        import json, django
        django.setup()
        from django.conf import settings as s
        print(json.dumps({
            "debug": s.DEBUG,
            "secret": s.SECRET_KEY,
            "hosts": s.ALLOWED_HOSTS,
            "csrf": s.CSRF_TRUSTED_ORIGINS,
            "email_backend": s.EMAIL_BACKEND,
            "email_host": s.EMAIL_HOST,
            "email_tls": s.EMAIL_USE_TLS,
            "cache": s.CACHES["default"]["BACKEND"],
            "static_storage": s.STORAGES["staticfiles"]["BACKEND"],
            "media_root": str(s.MEDIA_ROOT),
            "admin_2fa": s.GRUNDERHUS_ADMIN_REQUIRES_2FA,
            "ssl_redirect": s.SECURE_SSL_REDIRECT,
        }))
        """,
        tmp_path=tmp_path,
        settings="grunderhus.settings.production",
        **production_env(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["debug"] is False
    assert values["secret"] == SECRET
    assert values["hosts"] == ["gronderhus.no", "www.gronderhus.no"]
    assert values["csrf"] == ["https://gronderhus.no"]
    assert values["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["email_host"] == "smtp.example.org"
    assert values["email_tls"] is True
    assert values["cache"] == "grunderhus.cache.ResilientRedisCache"
    assert values["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["media_root"] == str(tmp_path / "media")
    assert values["admin_2fa"] is True
    assert values["ssl_redirect"] is True


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]

    result = run_python(
        "import django; django.setup()",
        tmp_path=tmp_path,
        settings="grunderhus.settings.production",
        **env,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_redirects_to_https_except_the_health_checks(tmp_path):
    result = run_python(
        """
        import json, django
        django.setup()
        from django.test import Client
        client = Client(HTTP_HOST="gronderhus.no")
        health = client.get("/healthz")
        ready = client.get("/readyz")
        page = client.get("/nb/")
        print(json.dumps([health.status_code, ready.status_code, page.status_code,
                          page.get("Location")]))
        """,
        tmp_path=tmp_path,
        settings="grunderhus.settings.production",
        **production_env(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    health, ready, page, location = json.loads(result.stdout.strip().splitlines()[-1])
    assert health == 200
    assert ready in (200, 503)  # answered over plain HTTP (whether Redis runs here or not)
    assert page == 301
    assert location == "https://gronderhus.no/nb/"


SQLITE_PROBE = """
    import json, django
    django.setup()
    from django.conf import settings as s
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
    print(json.dumps({
        "engine": s.DATABASES["default"]["ENGINE"],
        "options": s.DATABASES["default"].get("OPTIONS", {}),
        "journal": journal,
        "name": str(s.DATABASES["default"]["NAME"]),
    }))
"""


def test_embedded_default_is_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    result = run_python(SQLITE_PROBE, tmp_path=tmp_path, settings="grunderhus.settings.dev")

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(tmp_path / "var" / "db.sqlite3")
    assert values["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in values["options"]["init_command"]
    assert values["journal"] == "wal"


def test_database_url_selects_postgresql(tmp_path):
    result = run_python(
        """
        import json, django
        django.setup()
        from django.conf import settings as s
        db = s.DATABASES["default"]
        print(json.dumps([db["ENGINE"], db["NAME"], db["HOST"], "transaction_mode" in
                          db.get("OPTIONS", {}), s.DATABASE_IS_POSTGRES]))
        """,
        tmp_path=tmp_path,
        settings="grunderhus.settings.dev",
        DATABASE_URL="postgres://grunderhus:pw@db.internal:5432/grunderhus",
    )

    assert result.returncode == 0, result.stderr
    engine, name, host, sqlite_option, is_postgres = json.loads(result.stdout.splitlines()[-1])
    assert engine == "django.db.backends.postgresql"
    assert (name, host) == ("grunderhus", "db.internal")
    assert sqlite_option is False
    assert is_postgres is True


CELERY_PROBE = """
    import json, django
    django.setup()
    from grunderhus.celery import app
    print(json.dumps({
        "broker": app.conf.broker_url,
        "options": app.conf.broker_transport_options,
        "acks_late": app.conf.task_acks_late,
        "beat": sorted(app.conf.beat_schedule),
    }))
"""


def test_celery_uses_redis_when_redis_url_is_set(tmp_path):
    result = run_python(
        CELERY_PROBE,
        tmp_path=tmp_path,
        settings="grunderhus.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["broker"] == "redis://127.0.0.1:6379/3"
    assert values["acks_late"] is True
    assert "heartbeat" in values["beat"]


def test_celery_uses_the_filesystem_broker_without_redis(tmp_path):
    result = run_python(CELERY_PROBE, tmp_path=tmp_path, settings="grunderhus.settings.dev")

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["broker"] == "filesystem://"
    queue = str(tmp_path / "var" / "celery" / "queue")
    assert values["options"]["data_folder_in"] == queue
    assert values["options"]["data_folder_out"] == queue
    assert Path(queue).is_dir()


@pytest.mark.parametrize("settings", ["grunderhus.settings.dev", "grunderhus.settings.test"])
def test_settings_modules_import_cleanly(tmp_path, settings):
    result = run_python("import django; django.setup()", tmp_path=tmp_path, settings=settings)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("email_url", "expected"),
    [("filemail:///srv/grunderhus-mail", "/srv/grunderhus-mail"), ("filemail://", "var/mail")],
)
def test_file_mail_goes_where_the_url_says(tmp_path, email_url, expected):
    result = run_python(
        """
        import django
        django.setup()
        from django.conf import settings as s
        print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)
        """,
        tmp_path=tmp_path,
        settings="grunderhus.settings.dev",
        EMAIL_URL=email_url,
    )
    assert result.returncode == 0, result.stderr
    backend, path = result.stdout.strip().splitlines()[-1].split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    expected_path = str(tmp_path / expected) if expected == "var/mail" else expected
    assert path == expected_path
