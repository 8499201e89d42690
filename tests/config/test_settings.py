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


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for_so_a_missing_page_shows_no_url_list():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG, settings.STORAGES['staticfiles'])"
    )
    assert result.returncode == 0 and result.stdout.strip().splitlines()[-1].startswith("False"), result.stderr
    assert "StaticFilesStorage" in result.stdout  # whitenoise serves the files in place while not collected
    assert "DJANGO_DEBUG" not in (ROOT / "scripts" / "demo").read_text()


def test_a_bucket_named_keeps_uploads_in_object_storage():
    result = run_manage(
        "shell",
        "-c",
        "from django.core.files.storage import storages; s = storages['default'];"
        " print(type(s).__name__, s.bucket_name, s.location, s.default_acl)",
        env={"DJANGO_S3_BUCKET": "council-uploads", "DJANGO_S3_REGION": "eu-west-2"},
    )
    assert result.stdout.strip().splitlines()[-1] == "S3Storage council-uploads scorecards private", result.stderr


def test_a_missing_page_is_the_sites_own_page(db, client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "URLconf" not in response.content.decode() and "Page not found" in response.content.decode()


def test_development_check_is_clean():
    result = run_manage("check")
    assert result.returncode == 0 and "no issues" in result.stdout


def test_migrations_are_up_to_date():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout
