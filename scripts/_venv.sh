# Sourced by scripts/demo and scripts/test: make .venv with Python 3.11+ and install the project.
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1)). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the virtual environment in $VENV ..."
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(cksum < pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
  echo "Installing the packages (first run only) ..."
  # uv installs the same packages from PyPI in a quarter of pip's time (8 s against 33 s here); where
  # it cannot be had, pip does the work. Both compile the packages' bytecode as they install them (uv
  # only when asked): where PYTHONDONTWRITEBYTECODE is set, as on CI machines, Python never writes it
  # itself, and each process would compile Django, pandas, Plotly and the rest from source again (5.0 s
  # to import the stack against 1.55 s compiled, on this 2-core machine).
  if "$VENV/bin/python" -m pip install --quiet uv 2>/dev/null \
    && "$VENV/bin/uv" pip install --quiet --compile-bytecode --python "$VENV/bin/python" -e ".[dev]"; then
    :
  else
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
  fi
  rm -f "$VENV"/.installed-* && touch "$stamp"
fi
# This machine's own settings for the demo and the tests: a random secret key, and plain HTTP on
# localhost. A real deployment sets its variables itself (docs/deployment.md) and has no .env.
if [ ! -f .env ]; then
  echo "Writing .env with a new secret key for this machine ..."
  {
    echo "# This machine's demo and tests only (scripts/_venv.sh). Never copy it to a server."
    echo "DJANGO_SECRET_KEY=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    echo "DJANGO_HTTPS=false"
  } > .env
fi
# Who runs this copy, named in Help, the accessibility statement and the privacy notice: example values
# for the demo (a council sets its own, docs/deployment.md).
if ! grep -q '^SITE_OWNER=' .env; then
  echo 'SITE_OWNER="Example Council (a demonstration of this product)"' >> .env
  echo 'SITE_CONTACT_EMAIL=performance-team@example.org' >> .env
fi
# The key client-level data is pseudonymised under (cld.pseudonyms), added to an older .env too.
if ! grep -q '^CLD_PSEUDONYM_KEY=' .env; then
  echo "CLD_PSEUDONYM_KEY=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))')" >> .env
fi
