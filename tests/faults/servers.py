"""Private servers for the fault tests and the soak (bench/soak.py).

A Redis and a PostgreSQL cluster of their own, on free loopback ports, made and removed here:
the shared servers on 5432 and 6379 are never stopped or touched. In front of them the
platform's own processes, as production runs them: gunicorn, a Celery worker and beat, with
``tests.faults.settings`` (the production settings, static files without a manifest).
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
# A CSRF secret the clients send as cookie and header (Django's double-submit check).
CSRF = "faultscsrfsecret0123456789abcdef"
# What the test run or a developer's shell may have set, and the private stack must not inherit.
NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_DEBUG",
    "EMAIL_URL",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if check():
                return True
        time.sleep(interval)
    return False


def stop_process(process: subprocess.Popen | None, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- Redis -------------------------------------------------------------------------------------

REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    """``redis-server`` on a free port, without persistence; stop and start keep the port."""

    def __init__(self, workdir: Path):
        if REDIS_SERVER is None:
            raise RuntimeError("redis-server is not installed")
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def ping(self) -> bool:
        with socket.create_connection((HOST, self.port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")

    def start(self) -> None:
        log = (self.workdir / f"redis-{self.port}.log").open("a")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if not wait_until(self.ping, timeout=15, interval=0.05):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


# --- PostgreSQL --------------------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
    """The newest server binaries: Debian keeps them out of PATH, under /usr/lib/postgresql."""

    def version(path):
        match = re.search(r"/postgresql/(\d+)", path)
        return int(match.group(1)) if match else 0

    for found in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(found) / "initdb").exists() and (Path(found) / "pg_ctl").exists():
            return Path(found)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


class PostgresCluster:
    """A throwaway cluster (initdb) on a free port, trusting local connections, without fsync:
    what is tested is the platform's answer to a restart, not the disk.

    initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` account
    and its commands run through ``runuser``.
    """

    def __init__(self):
        self.bin = postgres_bin_dir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="grunderhus-pg-"))
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            import pwd

            account = pwd.getpwnam("postgres")
            os.chown(self.home, account.pw_uid, account.pw_gid)

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=self.home
        )
        if result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stdout}{result.stderr}{log}")

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -k {self.home} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop (``fast`` ends every session: their queries fail) and start again."""
        self.stop(mode)
        self.start()

    def accepts(self) -> bool:
        import psycopg

        with psycopg.connect(self.url("postgres"), connect_timeout=2) as connection:
            connection.execute("SELECT 1")
        return True

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop("immediate")
        shutil.rmtree(self.home, ignore_errors=True)


# --- The platform's processes ------------------------------------------------------------------


@dataclass
class Stack:
    """Where the platform's processes find their database, Redis, mail folder and logs."""

    database_url: str
    redis_url: str
    workdir: Path

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
        env.update(
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            DJANGO_SECRET_KEY="faults-only-not-secret-7kQ2mZ9xW4vN1rT8yL5hJ3dF6sA0gB",
            ALLOWED_HOSTS=f"{HOST},localhost",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            EMAIL_URL=f"filemail://{self.mail_dir}",
            GRUNDERHUS_VAR_DIR=str(self.workdir / "var"),
            MEDIA_ROOT=str(self.workdir / "media"),
            STATIC_ROOT=str(self.workdir / "static"),
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            GRUNDERHUS_ADMIN_REQUIRES_2FA="false",
            # The clients talk to gunicorn directly, with no proxy in front.
            ALLAUTH_TRUSTED_PROXY_COUNT="0",
            WAGTAILADMIN_BASE_URL=f"http://{HOST}",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            output = result.stdout + result.stderr
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output}")
        return result.stdout

    def seed(self, **options) -> dict:
        """Accounts, a desk, mentors, matches and events (tests/faults/seed.py), with the
        signed-in members' and staff's session keys."""
        result = subprocess.run(
            [PYTHON, "-m", "tests.faults.seed", json.dumps(options)],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"seeding failed:\n{result.stdout}{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def _spawn(self, name: str, command: list[str], **extra: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("a")
        return subprocess.Popen(
            command, cwd=ROOT, env=self.env(**extra), stdout=log, stderr=subprocess.STDOUT
        )

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def gunicorn(self, port: int, *, workers=2, name="gunicorn", **extra) -> subprocess.Popen:
        process = self._spawn(
            name,
            [
                PYTHON,
                "-m",
                "gunicorn",
                "grunderhus.wsgi:application",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
            ],
            **extra,
        )
        http = Http(port)
        if not wait_until(lambda: http.get("/healthz").status == 200, timeout=60):
            stop_process(process)
            raise RuntimeError(f"gunicorn did not answer:\n{self.log(name)}")
        return process

    def worker(self, *, concurrency: int = 1, name="worker") -> subprocess.Popen:
        return self._spawn(
            name,
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "grunderhus",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--without-mingle",
                "--without-gossip",
                f"--hostname={name}@%h",
            ],
        )

    def beat(self, *, name="beat") -> subprocess.Popen:
        return self._spawn(
            name,
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "grunderhus",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(self.workdir / "beat-schedule"),
            ],
        )

    def sent_notification_ids(self) -> list[int]:
        """Every X-Grunderhus-Notification header in the mail folder, once per mail sent."""
        ids = []
        for path in sorted(self.mail_dir.glob("*")):
            for match in re.finditer(
                r"^X-Grunderhus-Notification: (\d+)$",
                path.read_text(errors="replace"),
                re.MULTILINE,
            ):
                ids.append(int(match.group(1)))
        return ids

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()


# --- A small HTTP client -------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Http:
    """One connection per request, as a browser's new tab would; cookies by hand."""

    def __init__(self, port: int, *, timeout: float = 30):
        self.port = port
        self.timeout = timeout

    def request(
        self, method: str, path: str, *, session: str | None = None, data: dict | None = None
    ) -> Answer:
        from urllib.parse import urlencode

        headers = {"Host": HOST, "Cookie": f"csrftoken={CSRF}"}
        if session:
            headers["Cookie"] += f"; sessionid={session}"
        body = None
        if method == "POST":
            headers["X-CSRFToken"] = CSRF
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data or {}, doseq=True)
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        return Answer(response.status, response.headers, content, time.perf_counter() - started)

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs) -> Answer:
        return self.request("POST", path, data=data, **kwargs)


def slot_values(page: str) -> list[str]:
    """The start times a booking page offers (its radio buttons' values)."""
    return re.findall(r'<input type="radio" name="start" id="[^"]*" value="([^"]+)"', page)
