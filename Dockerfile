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
RUN pip install .

COPY . .
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-secret-key-not-used-at-run-time-0123456789 \
    python manage.py collectstatic --no-input \
 && useradd --system --home /app scorecard && chown -R scorecard /app
USER scorecard

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
