"""docker-compose.yml, read as an operator would start it: no known key, HTTPS on, DEBUG off, one
uploads volume for web, worker and beat, and health checks that answer against the settings it sets."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml

from .test_settings import ROOT, run_manage

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
ENVIRONMENT = COMPOSE["x-app"]["environment"]
KEY = "k" * 20 + "a-random-value-set-by-an-operator"


def fixed_settings() -> dict[str, str]:
    """What compose sets itself (leaving out the services' addresses, which name other containers)."""
    return {k: str(v) for k, v in ENVIRONMENT.items() if "${" not in str(v) and not k.endswith("_URL")}


def test_the_stack_cannot_start_without_a_secret_key_and_its_settings_pass_check_deploy():
    assert ENVIRONMENT["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")  # required: no default
    assert "DJANGO_HTTPS" not in ENVIRONMENT and "DJANGO_DEBUG" not in ENVIRONMENT  # HTTPS on, DEBUG off
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**fixed_settings(), "DJANGO_HTTPS": "true", "DJANGO_SECRET_KEY": KEY},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_has_a_health_check_and_the_app_shares_one_uploads_volume():
    for name, service in COMPOSE["services"].items():
        assert "healthcheck" in service, f"{name} has no health check"
    for name in ("web", "worker", "beat"):
        assert "uploads:/app/media" in COMPOSE["services"][name]["volumes"], f"{name} does not share the uploads"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """The web service as compose runs it: gunicorn, HTTPS on, a real host name, one proxy in front."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment.update(
        fixed_settings(),
        DJANGO_HTTPS="true",
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="scorecards.example.gov.uk",
        DJANGO_MEDIA_ROOT=str(tmp_path),
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Ready when the worker answers, not when the port opens: gunicorn binds before its worker has
        # loaded Django, which on a busy machine takes longer than the health check's own timeout.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/live/", headers={"Host": "scorecards.example.gov.uk"}
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(request, timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield port, environment
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_web_health_check_passes_against_the_settings_compose_sets(gunicorn):
    port, environment = gunicorn
    check = COMPOSE["services"]["web"]["healthcheck"]["test"]
    assert check == ["CMD", "python", "-m", "config.alive"]
    assert 'CMD ["python", "-m", "config.alive"]' in (ROOT / "Dockerfile").read_text()
    command = [sys.executable, "-m", "config.alive", str(port)]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    stopped = subprocess.run([*command[:-1], str(free_port())], env=environment, capture_output=True, text=True)
    assert stopped.returncode == 1 and "not answering" in stopped.stderr
    # And any other page is sent to HTTPS: only health answers over plain HTTP.
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "scorecards.example.gov.uk"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(request, timeout=5)
    assert refused.value.code == 301 and refused.value.headers["Location"].startswith("https://")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
