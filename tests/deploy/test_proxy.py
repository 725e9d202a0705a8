"""The production shape on this machine: Caddy with deploy/Caddyfile in front of gunicorn with
the production settings, as docker-compose.yml runs them.

Caddy ends TLS with its own local certificate authority (the only difference from compose, set
through CADDY_GLOBAL_OPTIONS), serves uploaded images from MEDIA_ROOT and proxies the rest. The
tests fetch through it over HTTPS and check that the image an editor uploaded loads, that
documents and other files in the media folder do not, and that Django sees the request as
secure. Skipped when caddy is not installed (apt-get install caddy; .ci/run installs it).
"""

import contextlib
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

CADDY = shutil.which("caddy")
ROOT = Path(__file__).resolve().parent.parent.parent
CADDYFILE = ROOT / "deploy" / "Caddyfile"
HOST = "localhost"

pytestmark = [
    pytest.mark.proxy,
    pytest.mark.skipif(CADDY is None, reason="caddy not installed (apt-get install caddy)"),
]

# What the project's own tests or a developer's shell may have set, and a deployment never has.
NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_DEBUG",
)

MAKE_CONTENT = """
    import io, json, django
    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 240), (180, 40, 60)).save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="Kontorlandskap", file=ImageFile(buffer, name="kontorlandskap.png")
    )
    rendition = image.get_rendition("fill-160x120|format-jpeg")
    document = get_document_model().objects.create(
        title="Styrepapirer", file=ContentFile(b"board papers", name="styrepapirer.pdf")
    )
    print(json.dumps({
        "original": image.file.url,
        "rendition": rendition.url,
        "document": document.file.url,
        "document_view": document.url,
    }))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, what, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped:\n{log.read_text()}")
        with contextlib.suppress(OSError, ssl.SSLError, http.client.HTTPException):
            if check():
                return
        time.sleep(0.3)
    pytest.fail(f"{what} did not answer within {timeout} s:\n{log.read_text()}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Deployment:
    def __init__(self, *, proxy_port, app_port, tls, content):
        self.proxy_port = proxy_port
        self.app_port = app_port
        self.tls = tls
        self.content = content

    def _answer(self, connection, path, headers):
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def through_proxy(self, path, headers=None):
        """GET over HTTPS through Caddy: (status, headers, body)."""
        connection = http.client.HTTPSConnection(
            HOST, self.proxy_port, context=self.tls, timeout=15
        )
        return self._answer(connection, path, headers)

    def straight_to_gunicorn(self, path, headers=None):
        """GET over plain HTTP to gunicorn itself, as nothing but the proxy should."""
        connection = http.client.HTTPConnection("127.0.0.1", self.app_port, timeout=15)
        return self._answer(connection, path, {"Host": HOST, **(headers or {})})


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("deployment")
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE="grunderhus.settings.production",
        DJANGO_SECRET_KEY="proxy-test-only-3bG7kQ9xW2mZ5vN8rT1yL4hJ6dF0sA-long-enough",
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        GRUNDERHUS_VAR_DIR=str(tmp / "var"),
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
        WAGTAILADMIN_BASE_URL=f"https://{HOST}",
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    made = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(MAKE_CONTENT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    content = json.loads(made.stdout.strip().splitlines()[-1])

    app_port, proxy_port, http_port = free_port(), free_port(), free_port()
    app_log = tmp / "gunicorn.log"
    with app_log.open("w") as out:
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "grunderhus.wsgi:application",
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    proxy_log = tmp / "caddy.log"
    caddy_home = tmp / "caddy"
    proxy_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(caddy_home),
        "XDG_DATA_HOME": str(caddy_home / "data"),
        "XDG_CONFIG_HOME": str(caddy_home / "config"),
        "SITE_ADDRESS": f"https://{HOST}:{proxy_port}",
        "UPSTREAM": f"127.0.0.1:{app_port}",
        "HEALTH_HOST": HOST,
        "MEDIA_ROOT": str(tmp / "media"),
        # Compose gets certificates from the public CA on 80/443; here Caddy's own CA, on
        # loopback only, on free ports, without touching the system's trust store.
        "CADDY_GLOBAL_OPTIONS": "\n".join(
            [
                "local_certs",
                "skip_install_trust",
                "admin off",
                "default_bind 127.0.0.1",
                "auto_https disable_redirects",
                f"http_port {http_port}",
                f"https_port {proxy_port}",
            ]
        ),
    }
    try:
        wait_for(
            lambda: http_get_status(app_port) == 200,
            what="gunicorn",
            process=gunicorn,
            log=app_log,
        )
        with proxy_log.open("w") as out:
            caddy = subprocess.Popen(
                [CADDY, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                cwd=tmp,
                env=proxy_env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            root_cert = caddy_home / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
            wait_for(root_cert.exists, what="caddy's CA", process=caddy, log=proxy_log)
            tls = ssl.create_default_context(cafile=str(root_cert))
            deployment = Deployment(
                proxy_port=proxy_port, app_port=app_port, tls=tls, content=content
            )
            wait_for(
                lambda: deployment.through_proxy("/healthz")[0] == 200,
                what="caddy",
                process=caddy,
                log=proxy_log,
            )
            yield deployment
        finally:
            stop(caddy)
    finally:
        stop(gunicorn)


def http_get_status(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": HOST})
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_uploaded_images_rendition_loads_through_the_proxy(deployment):
    assert deployment.content["rendition"].startswith("/media/images/")

    status, headers, body = deployment.through_proxy(deployment.content["rendition"])

    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert body[:3] == b"\xff\xd8\xff"  # a JPEG
    assert "max-age=86400" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]


def test_the_original_upload_loads_too(deployment):
    status, headers, body = deployment.through_proxy(deployment.content["original"])

    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_but_images_is_served_from_the_media_folder(deployment):
    # Documents go through Django's view, which checks collection privacy.
    assert deployment.content["document"].startswith("/media/documents/")
    assert deployment.through_proxy(deployment.content["document"])[0] == 404
    document = deployment.through_proxy(deployment.content["document_view"])
    assert document[0] == 200
    assert document[2] == b"board papers"
    # No listings, and nothing that a browser would run.
    assert deployment.through_proxy("/media/")[0] == 404
    assert deployment.through_proxy("/media/images/")[0] == 404
    assert deployment.through_proxy("/media/images/../../db.sqlite3")[0] == 404
    assert deployment.through_proxy("/media/images/finnes-ikke.jpg")[0] == 404


def test_django_sees_the_proxys_https(deployment):
    # robots.txt names the sitemap with the scheme and host Django saw.
    status, headers, body = deployment.through_proxy("/robots.txt")

    assert status == 200
    assert f"Sitemap: https://{HOST}:{deployment.proxy_port}/sitemap.xml" in body.decode()
    # Django sends HSTS only on requests it takes for secure.
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")

    # Without the proxy's X-Forwarded-Proto the same request is plain HTTP and is redirected.
    status, headers, _ = deployment.straight_to_gunicorn("/robots.txt")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/robots.txt"


def test_a_page_and_its_static_files_through_the_proxy(deployment):
    status, headers, body = deployment.through_proxy("/nb/accounts/login/")

    assert status == 200
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    html = body.decode()
    stylesheet = html.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    # WhiteNoise's hashed name, served by Django behind the proxy.
    assert stylesheet.startswith("/static/css/site.") and stylesheet.endswith(".css")
    status, headers, _ = deployment.through_proxy(stylesheet)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]
