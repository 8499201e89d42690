"""`python -m config.alive [port]`: the container's health check. Asks this host's web server for
/health/live/ as the site's own host name (the first of DJANGO_ALLOWED_HOSTS, since any other is
refused) over plain HTTP (health is exempt from the HTTPS redirect); exits 0 when it answers 200."""

import os
import sys
import urllib.request


def main(port: str = "8000") -> int:
    host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/health/live/", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError as problem:
        print(f"web server not answering: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
