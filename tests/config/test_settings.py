"""The settings: in-process tasks without Redis, production checks, migrations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env=None):
    leave_out = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last is set by the browser suite
    environment = {k: v for k, v in os.environ.items() if k not in leave_out}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_tasks_run_in_process_exactly_when_there_is_no_redis():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not os.environ.get("REDIS_URL"))
    assert settings.CELERY_BROKER_URL == (os.environ.get("REDIS_URL") or "memory://")


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "true",
            "DJANGO_SECRET_KEY": "x" * 60 + "-production-like-secret-key-value",
            "DJANGO_ALLOWED_HOSTS": "scorecards.example.gov.uk",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me-to-a-long-random-value-of-fifty-characters-or-more",  # compose's old default
        "insecure-development-key-only-for-the-demo",
        "short-key",
        "a" * 60,
    ],
)
def test_a_published_or_weak_key_is_refused(key):
    result = run_manage("check", env={"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0 and "Set DJANGO_SECRET_KEY to a random value" in result.stderr


def test_the_compose_stack_cannot_start_without_a_secret_key_and_its_settings_pass_check_deploy():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["x-app"]["environment"]
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")  # required: no default
    assert "DJANGO_HTTPS" not in environment and "DJANGO_DEBUG" not in environment  # HTTPS on, DEBUG off
    given = {k: v for k, v in environment.items() if "${" not in str(v) and not str(k).endswith("_URL")}
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**given, "DJANGO_HTTPS": "true", "DJANGO_SECRET_KEY": "k" * 20 + "a-random-value-set-by-an-operator"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name, service in compose["services"].items():
        assert "healthcheck" in service or "healthcheck" in compose["x-app"], f"{name} has no health check"
    for name in ("web", "worker", "beat"):
        assert "uploads:/app/media" in compose["services"][name]["volumes"], f"{name} does not share the uploads"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_development_check_is_clean():
    result = run_manage("check")
    assert result.returncode == 0 and "no issues" in result.stdout


def test_migrations_are_up_to_date():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout
