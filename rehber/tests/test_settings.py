"""Configuration: every REHBER_* variable is documented, the embedded default needs
nothing set, and production refuses to start unsafely."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
SETTINGS_SOURCE = (ROOT / "rehber" / "settings.py").read_text()
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text()


def run_rehber(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run the `rehber` command in a clean environment with only ``env`` set."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REHBER_")
        and key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update({"REHBER_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "rehber", *args],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_setting_is_documented_and_every_documented_setting_exists():
    read = set(re.findall(r"\"(REHBER_[A-Z_]+)\"", SETTINGS_SOURCE))
    documented = set(re.findall(r"^\| `(REHBER_[A-Z_]+)` \|", CONFIG_DOC, re.MULTILINE))
    assert read, "settings.py reads no REHBER_* variable?"
    assert read - documented == set(), "document these in docs/configuration.md"
    assert documented - read == set(), "docs/configuration.md lists variables nobody reads"


def test_every_setting_has_a_comment_in_settings():
    for name in set(re.findall(r"env(?:_bool|_list)?\(\"(REHBER_[A-Z_]+)\"", SETTINGS_SOURCE)):
        line = next(line for line in SETTINGS_SOURCE.splitlines() if f'"{name}"' in line)
        before = SETTINGS_SOURCE[: SETTINGS_SOURCE.index(line)].rstrip().splitlines()[-1]
        assert before.lstrip().startswith("#:"), f"{name} needs a #: comment above it"


def test_embedded_default_runs_on_sqlite_in_wal_mode_with_nothing_set(tmp_path):
    code = (
        "from django.db import connection; from django.conf import settings;"
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode');"
        "print(cursor.fetchone()[0], settings.CACHES['default']['BACKEND'],"
        " settings.TASKS['default']['BACKEND'], settings.DEBUG)"
    )
    result = run_rehber("shell", "-c", code, env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    journal, cache, tasks, debug = result.stdout.strip().splitlines()[-1].split()
    assert journal == "wal"
    assert cache.endswith("LocMemCache")
    assert tasks.endswith("ImmediateBackend")
    assert debug == "False"
    assert (tmp_path / "rehber.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_and_redis_urls_switch_backends(tmp_path):
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        " settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, settings.AXES_HANDLER)"
    )
    env = {
        "REHBER_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/rehber_elsewhere",
        "REHBER_REDIS_URL": "redis://127.0.0.1:6379/3",
    }
    result = run_rehber("shell", "--no-startup", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    engine, name, cache, sessions, axes = result.stdout.strip().splitlines()[-1].split()
    assert engine == "django.db.backends.postgresql"
    assert name == "rehber_elsewhere"
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cache"
    assert axes == "axes.handlers.cache.AxesCacheHandler"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_postgresql_sessions_run_without_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"REHBER_ENVIRONMENT": "production", "REHBER_ALLOWED_HOSTS": "rehber.example"}
    result = run_rehber("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "REHBER_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_debug(tmp_path):
    env = {
        "REHBER_ENVIRONMENT": "production",
        "REHBER_SECRET_KEY": "x" * 60,
        "REHBER_ALLOWED_HOSTS": "rehber.example",
        "REHBER_DEBUG": "1",
    }
    result = run_rehber("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "REHBER_DEBUG cannot be on in production" in result.stderr


@pytest.mark.parametrize("missing", ["REHBER_ALLOWED_HOSTS"])
def test_production_needs_its_hosts(tmp_path, missing):
    env = {"REHBER_ENVIRONMENT": "production", "REHBER_SECRET_KEY": "k" * 60}
    result = run_rehber("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {
        "REHBER_ENVIRONMENT": "production",
        "REHBER_SECRET_KEY": "a-long-random-production-key-" + "Zq8#x" * 10,
        "REHBER_ALLOWED_HOSTS": "rehber.example",
        "REHBER_EMAIL_HOST": "smtp.rehber.example",
    }
    result = run_rehber("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_an_smtp_server_sends_no_mail_and_says_so(tmp_path):
    env = {
        "REHBER_ENVIRONMENT": "production",
        "REHBER_SECRET_KEY": "a-long-random-production-key-" + "Zq8#x" * 10,
        "REHBER_ALLOWED_HOSTS": "rehber.example",
    }
    result = run_rehber("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "rehber.W001" in result.stderr + result.stdout
    backend = run_rehber(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        env=env,
        tmp_path=tmp_path,
    )
    assert backend.stdout.strip().splitlines()[-1] == "django.core.mail.backends.dummy.EmailBackend"
