"""A speed test you can rerun: the demo served by gunicorn (production settings) on PostgreSQL, loaded
over loopback by a bounded number of concurrent clients. Prints p50 / p95 latency and requests per
second per page, beside a trivial page of the same server as the limit."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    path: str
    latencies: list[float]
    seconds: float
    errors: int
    alone_ms: float = 0.0  # p50 of the same page asked one at a time in this process (no network, no queue)
    ratios: list[float] = field(default_factory=list)  # each round's p50 over the trivial page's beside it
    round_p50: float = 0.0  # the latest round's p50

    def add(self, latencies: list[float], seconds: float, errors: int) -> None:
        """One more round of loading."""
        self.latencies += latencies
        self.seconds += seconds
        self.errors += errors
        self.round_p50 = statistics.median(latencies) * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20)[18] * 1000

    def ratio(self, trivial_p50: float) -> float:
        """The page's p50 over the trivial page's: the median of the rounds' ratios when it was loaded in
        rounds beside it, else over `trivial_p50`."""
        return statistics.median(self.ratios) if self.ratios else self.p50 / trivial_p50

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds


def database_url(settings_dict: dict) -> str:
    """The DATABASE_URL of a Django PostgreSQL connection, for a server or worker started alongside."""
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_secret_key() -> str:
    return secrets.token_urlsafe(60)


def production_env(database_url: str, secret_key: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    cache = env.pop("REDIS_URL", None)  # tasks run in the web process; pages are cached in Redis, as deployed
    if cache and not env.get("REDIS_CACHE_URL"):
        env["REDIS_CACHE_URL"] = cache
    return env


def start_gunicorn(database_url: str, port: int, workers: int, secret_key: str) -> subprocess.Popen:
    env = production_env(database_url, secret_key)
    # Production settings serve hashed, compressed static files: collect them first, as a deployment does.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/live/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")


def load(port: int, path: str, cookie: str, clients: int, requests_each: int) -> tuple[list[float], float, int]:
    """`clients` threads, each sending `requests_each` requests over one keep-alive connection."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(requests_each):
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started, errors[0]


def alone_p50(client, path: str, requests: int = 40) -> float:
    """The page's own cost: p50 of `requests` asked one after another through Django's test client in
    this process, after one to warm it. Steadier than the loaded figures on a small shared machine."""
    client.get(path)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return statistics.median(times) * 1000


def table(results: list[Result]) -> str:
    trivial, trivial_alone = results[0].p50, results[0].alone_ms or 1.0
    lines = [
        f"{'page':<40} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p50 / trivial':>14}"
        f" {'alone ms':>9} {'alone / trivial':>16}"
    ]
    for r in results:
        lines.append(
            f"{r.name:<40} {len(r.latencies):>8} {r.rps:>8.1f} {r.p50:>8.1f} {r.p95:>8.1f} {r.ratio(trivial):>13.1f}x"
            f" {r.alone_ms:>9.1f} {r.alone_ms / trivial_alone:>15.1f}x" + (f"  ({r.errors} errors)" if r.errors else "")
        )
    return "\n".join(lines)
