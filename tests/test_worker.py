"""With REDIS_URL set, tasks go through Redis to a real Celery worker (CI runs this on PostgreSQL)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from imports.tasks import import_extract
from indicators.models import DataPoint

from .factories import MeasureFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_extract_goes_through_redis_to_a_real_worker(tmp_path):
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and a PostgreSQL DATABASE_URL")
    MeasureFactory(code="SAT1", unit="count", multiplier=1, decimal_places=0)
    path = tmp_path / "extract.csv"
    path.write_text("code,period,numerator,denominator,value,note\nSAT1,2024-09,,,110,\n")

    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "scorecard",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        outcome = import_extract.apply_async(args=[str(path)], queue=queue).get(timeout=90)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert outcome["ok"] is True and outcome["new"] == 1, output
    assert DataPoint.objects.get().value == 110
