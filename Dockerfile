FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Pango for WeasyPrint (PDF downloads).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY config config
COPY accounts accounts
COPY indicators indicators
COPY imports imports
COPY scorecard scorecard
COPY workflow workflow
COPY demo demo
RUN pip install ".[s3]"

COPY . .
# collectstatic needs settings, so a throwaway key made at build time (never the one the site runs with).
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input \
 && useradd --system --home /app scorecard && chown -R scorecard /app
USER scorecard

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --retries=10 \
  CMD ["python", "-m", "config.alive"]
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
