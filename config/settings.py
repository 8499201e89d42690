"""The one settings module. Everything that differs between a laptop, CI and production comes from
environment variables (or a `.env` file beside manage.py); the defaults give a working demo with
SQLite and in-process tasks and nothing else installed.

Environment variables:
    DJANGO_DEBUG          "true" only while developing (default false)
    DJANGO_SECRET_KEY     required: a random value of 50 characters or more (published keys are refused)
    DJANGO_HTTPS          "false" only on one machine's own demo or tests (default true: HTTPS only)
    DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost, 127.0.0.1)
    DATABASE_URL          e.g. postgres://user:pass@host:5432/dbname (default: SQLite file db.sqlite3)
    REDIS_URL             e.g. redis://127.0.0.1:6379/0; when set, tasks go to a Celery worker
    DJANGO_LOG_LEVEL      default INFO
    DJANGO_S3_BUCKET      keep uploaded files in this S3-compatible bucket (several hosts); see docs/deployment.md
    EMAIL_URL             e.g. smtp+tls://user:pass@mail.example.org:587 (default: e-mails printed to the console)
    DJANGO_DEFAULT_FROM_EMAIL  the sender of reminders (default: scorecards@localhost)
    SITE_URL              the address people open the product at, for links in e-mails (default: http://127.0.0.1:8000)
    SITE_OWNER            the council running the service, named in the accessibility statement and privacy notice
    SITE_CONTACT_EMAIL    where people report an accessibility problem or ask about their data
    COMMENTARY_REMINDER_DAYS  remind owners this many days before the commentary deadline (default 5)
    COMMENTARY_FOUR_EYES      commentary is approved by someone other than its writer (default true)
"""

import secrets
from pathlib import Path

import environ
import plotly
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.release import code_release

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless asked for: a missing page must never show Django's debug page with every address.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Keys that have been published (examples, old defaults, the image's build-time key): never accepted.
PUBLISHED_SECRET_KEYS = {
    "insecure-development-key-only-for-the-demo",
    "change-me-to-a-long-random-value-of-fifty-characters-or-more",
    "build-only-secret-key-not-used-at-run-time-0123456789",
}
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = secrets.token_urlsafe(50)  # a developer's own run: sessions last until it stops
if SECRET_KEY in PUBLISHED_SECRET_KEYS or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 10:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to a random value of 50 characters or more, for example the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'. Published example keys are refused. "
        "scripts/demo and scripts/test write one into .env for this machine."
    )
# Production serves HTTPS only (behind a TLS proxy). The demo and the tests on one machine run plain HTTP
# on localhost: scripts/demo and scripts/test set DJANGO_HTTPS=false in this machine's .env.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "health_check",
    "simple_history",
    "indicators",
    "imports",
    "scorecard",
    "workflow",
    "national",
    "cld",
    "areas",
    "demo",
    "speed",
    # Last: its post-migrate signal sets the roles once every app's permissions exist.
    "accounts",
]

MIDDLEWARE = [
    # First: a request too large, or with a NUL in its address, is refused before anything reads it.
    "config.middleware.RequestLimits",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made each change to the catalogue and to people's roles (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Pages for someone signed in (which may show drafts) are never kept in a browser's or proxy's cache.
    "config.middleware.PrivatePages",
    # Everything needs a log-in unless the view is marked with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks for a lockout before the password is tried, so it comes first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "config.auth.PermissionBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)  # hours
# Locked out by user name *and* address: a stranger's guesses lock only their own address out of that
# account, and failures during a lockout do not extend it. An administrator unlocks with
# `manage.py axes_reset_username NAME` (docs/deployment.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "config.client.client_address"
# How many proxies stand in front of the site (each adds to X-Forwarded-For); 0 when none.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workflow:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# plotly.js is served from the plotly package that pip installed (nothing is copied into the repo).
STATICFILES_DIRS = [BASE_DIR / "static", ("plotly", Path(plotly.__file__).parent / "package_data")]
# Collected and compressed static files when `collectstatic` has been run (the Docker image does);
# otherwise whitenoise serves them straight from the apps and packages (the demo, the tests).
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded workbooks live where the web server that receives them and the worker that reads them both
# see them: a folder (a volume both mount) on one host, or an S3-compatible bucket when they run on
# several (django-storages, installed with `pip install .[s3]`; credentials from the usual AWS_*
# variables or the host's role). Files are never served from the bucket: it stays private.
# The key of the pseudonyms client-level data is kept under (cld.pseudonyms): outside the database, kept
# safe, the same for every submission. Required only once client-level data is read.
CLD_PSEUDONYM_KEY = env("CLD_PSEUDONYM_KEY", default="")
# A council's rolling 12-month submission is hundreds of megabytes; it is read a row at a time.
CLD_MAX_UPLOAD_BYTES = env.int("CLD_MAX_UPLOAD_BYTES", default=2_000_000_000)

S3_BUCKET = env("DJANGO_S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("DJANGO_S3_ENDPOINT_URL", default=None),
            "region_name": env("DJANGO_S3_REGION", default=None),
            "location": env("DJANGO_S3_FOLDER", default="scorecards"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Cached reports' pages and page fragments: shared in Redis when there is one, else in each process's memory. Keys carry
# the data version, so a change to the figures is never hidden by the cache.
# Give the cache a Redis database of its own (REDIS_CACHE_URL, e.g. .../1) so that emptying it can never
# touch the task queues. Pages keep working when it is down (config/cache.py).
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=env.str("REDIS_URL", default=""))
CODE_RELEASE = code_release(BASE_DIR)
CACHES = {
    "default": (
        {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": f"scorecard-{CODE_RELEASE}",  # a new release never reads an old one's pages
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Keep each user's permissions in the cache between requests: only where every web process shares the
# cache (Redis), so that a role taken away in one process counts in all of them (config.auth).
CACHE_PERMISSIONS = env.bool("CACHE_PERMISSIONS", default=bool(REDIS_CACHE_URL))

# --- Celery: a real worker when REDIS_URL is set, otherwise every task runs in process. ---
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# No task may run longer than this: the soft limit stops it with a message, the hard limit kills it.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=10 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=12 * 60)
# A worker process that has grown past this (KB) after a task is replaced by a fresh one.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker takes one at a time
# Sending a task fails in seconds, not minutes, when Redis is down (the upload then says so at once).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# No task's result is read (each step keeps its outcome on its upload), so none is stored and sending a
# task never waits on the result store; where one is kept, a Redis that is down is given up on at once
# (Celery's own default retries 20 times, a second apart: the upload page took 19 s to refuse).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# An upload started this many times without finishing fails; one that has not moved for this long is
# sent on again (once) or failed by the sweeper.
UPLOAD_MAX_ATTEMPTS = env.int("UPLOAD_MAX_ATTEMPTS", default=3)
UPLOAD_STUCK_MINUTES = env.int("UPLOAD_STUCK_MINUTES", default=15)
CELERY_TIMEZONE = TIME_ZONE
# Beat runs the reminders each weekday morning; the task itself never sends twice in a day.
CELERY_BEAT_SCHEDULE = {
    "sweep-uploads": {"task": "imports.sweep_uploads", "schedule": crontab(minute="*/5")},
    "commentary-reminders": {
        "task": "workflow.send_commentary_reminders",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    # Once per new figure: a signal already e-mailed is never sent again (workflow.alerts).
    "spc-alerts": {"task": "workflow.send_spc_alerts", "schedule": crontab(minute=15)},
}

# --- E-mail (commentary reminders): printed to the console unless EMAIL_URL is set. ---
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="scorecards@localhost")
PASSWORD_RESETS_PER_MINUTE = env.int("PASSWORD_RESETS_PER_MINUTE", default=5)  # asked for from one address
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60  # seconds a reset link works
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Who runs this service, and where people report a problem: named in the accessibility statement, the
# privacy notice and the help page.
SITE_OWNER = env.str("SITE_OWNER", default="")
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", default="")
COMMENTARY_REMINDER_DAYS = env.int("COMMENTARY_REMINDER_DAYS", default=5)
# Four eyes: commentary is approved by someone other than the person who last wrote its words.
COMMENTARY_FOUR_EYES = env.bool("COMMENTARY_FOUR_EYES", default=True)

# --- Security. Production (DEBUG false) gets the strict settings `check --deploy` asks for. ---
SESSION_COOKIE_HTTPONLY = True
# A working day; signing out or closing the browser ends it sooner.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_HOURS", default=8) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^health/"]

# Content Security Policy (django-csp; Django 5.2 has no built-in CSP): no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # blob: images are made in the page by our own script (a chart drawn to a PNG or SVG to download)
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Upload limits (the import pages and the readers apply these).
# Sizes are in bytes; 1 MB = 1,000,000 bytes, as the pages quote them.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=20_000_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=200_000_000)
# A body larger than this (the upload page: this plus the upload limit) is refused unread. Proxies set
# the same limit (docs/deployment.md).
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=1_000_000)
UPLOAD_PATH = "/imports/"
CLD_UPLOAD_PATH = "/client-level-data/upload/"  # takes files up to CLD_MAX_UPLOAD_BYTES
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1_000_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=500)
IMPORT_MAX_SHARED_TEXT_BYTES = env.int("IMPORT_MAX_SHARED_TEXT_BYTES", default=50_000_000)
# Downloads (a PDF costs seconds of work) a reader who is not signed in may make a minute, per address.
DOWNLOADS_PER_MINUTE_SIGNED_OUT = env.int("DOWNLOADS_PER_MINUTE_SIGNED_OUT", default=10)
# A PDF costs seconds of a web process: at most this many are made at once across every process (so
# page requests always find one free), and each signed-in reader may ask for this many new ones a minute.
PDF_RENDERS_AT_ONCE = env.int("PDF_RENDERS_AT_ONCE", default=1)
PDFS_PER_MINUTE_SIGNED_IN = env.int("PDFS_PER_MINUTE_SIGNED_IN", default=6)

# An upload warns (it does not refuse) when a figure is more than this many times, or less than this
# fraction of, the median of its last 12 figures, or a denominator moves more than this share in a period.
IMPORT_WARN_JUMP_FACTOR = env.float("IMPORT_WARN_JUMP_FACTOR", default=5)
IMPORT_WARN_DENOMINATOR_CHANGE = env.float("IMPORT_WARN_DENOMINATOR_CHANGE", default=0.5)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
