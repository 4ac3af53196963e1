"""Helpers shared by the benchmark scripts: paths, a gunicorn server, plain HTTP GETs.

Everything here talks to 127.0.0.1 only and every wait is bounded in time.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
HOST = "127.0.0.1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as its own status instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# Loopback only: never route benchmark traffic through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def http_get(url: str, *, headers: dict[str, str] | None = None, timeout: float = 10) -> Fetched:
    """GET ``url`` directly (no proxy, no redirects); HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Fetched(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, dict(error.headers), error.read())


def static_root() -> Path:
    """Where collectstatic puts files, following rehber/settings.py's defaults."""
    if os.environ.get("REHBER_STATIC_ROOT", "").strip():
        return Path(os.environ["REHBER_STATIC_ROOT"].strip())
    var_dir = os.environ.get("REHBER_VAR_DIR", "").strip() or str(ROOT / "var")
    return Path(var_dir) / "static"


def require_collected_static() -> None:
    """Exit 2 with a hint when the hashed static files have not been collected."""
    manifest = static_root() / "staticfiles.json"
    if not manifest.exists():
        print(f"No {manifest}: collect the static files first:", file=sys.stderr)
        print("  .venv/bin/rehber collectstatic --noinput   (or: make bench)", file=sys.stderr)
        sys.exit(2)


def uncompiled_catalogs() -> list[Path]:
    """Translation catalogs (.po) without an up-to-date .mo: those pages render in English."""
    return [
        po
        for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


def warn_uncompiled_catalogs() -> None:
    missing = uncompiled_catalogs()
    if missing:
        languages = ", ".join(po.parent.parent.name for po in missing)
        print(
            f"Warning: translations not compiled for {languages}; those pages are measured "
            "in English (`make bench` compiles them).",
            file=sys.stderr,
        )


def gunicorn_command(port: int, workers: int, threads: int) -> list[str]:
    return [
        str(GUNICORN),
        "rehber.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode} before answering")
        try:
            http_get(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn's master stops its workers on SIGTERM
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def gunicorn_server(
    settings_module: str, *, workers: int = 2, threads: int = 1, log_name: str = "gunicorn"
) -> Iterator[tuple[str, list[str]]]:
    """Run gunicorn on a free loopback port; yield (base URL, command). Always stopped on exit."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = gunicorn_command(port, workers, threads)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    environment["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT), environment.get("PYTHONPATH", "")) if part
    )
    base_url = f"http://{HOST}:{port}"
    with (RESULTS_DIR / f"{log_name}.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log)
        try:
            _wait_until_answering(f"{base_url}/en/", process, timeout=30)
            yield base_url, command
        finally:
            _stop(process)


def write_json(name: str, data: Any) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return path


def utc_timestamp() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


#: Database hosts a benchmark may write its scratch data to.
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1", "[::1]"}


def django_scratch(database_url: str, sqlite_dir: str, *, fresh: bool = False) -> str:
    """Set Django up on a scratch database and return a label for it.

    ``database_url`` is a local ``postgres://`` URL, or empty for a SQLite file in
    ``bench/results/<sqlite_dir>/`` (removed first when ``fresh``). Never the
    platform's own database.
    """
    if database_url:
        parsed = urlparse(database_url)
        if parsed.scheme not in {"postgres", "postgresql"}:
            raise SystemExit("--database-url must be a postgres:// URL")
        if (parsed.hostname or "") not in LOCAL_HOSTS:
            raise SystemExit("--database-url must point at this machine (127.0.0.1, localhost)")
        os.environ["REHBER_DATABASE_URL"] = database_url
        label = f"postgresql {parsed.hostname or 'socket'}{parsed.path}"
    else:
        var_dir = RESULTS_DIR / sqlite_dir
        var_dir.mkdir(parents=True, exist_ok=True)
        if fresh:
            (var_dir / "rehber.sqlite3").unlink(missing_ok=True)
        os.environ["REHBER_VAR_DIR"] = str(var_dir)
        os.environ.pop("REHBER_DATABASE_URL", None)
        label = f"sqlite {var_dir / 'rehber.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "rehber.settings"
    import django

    django.setup()
    return label
