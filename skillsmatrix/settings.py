"""The one settings module. Every value that differs between machines comes from
the environment; a malformed value stops the process at start-up rather than
being guessed at."""

import datetime
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP  # type: ignore[import-untyped,unused-ignore]

# Lets typed generics such as ModelForm[User] work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw not in {"true", "false", "1", "0"}:
        raise ImproperlyConfigured(f"{name} must be true/false, got {raw!r}")
    return raw in {"true", "1"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # The task queue on our own database (django.tasks backend and its table).
    "django_tasks_db",
    # Ours, leaves first: each app imports only the apps above it.
    "worker",
    "accounts",
    "levels",
    "roles",
    "skills",
    "assessments",
    "teams",
    "community",
    "cycles",
    "plans",
    "inventory",
    "api",
]

MIDDLEWARE = [
    # First: every request gets an id and one JSON log line (common/logs.py).
    "common.logs.RequestLogMiddleware",
    # One door: nothing answers before this, so the HTTPS redirect and the
    # security headers apply to every response, the matrix API's and a
    # refusal's included (the Host is checked by CommonMiddleware, before any
    # view).
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.RejectNullCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Signed-in answers are "private, no-store" unless declared public
    # (below whitenoise: static files keep their own caching).
    "common.middleware.PrivateByDefault",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.UserLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A refusal no view handled becomes a page with its message (common/errors.py).
    "common.errors.DomainErrorPages",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

# Sign-in (site and admin) locks for 15 minutes after 5 failures for the same
# username from the same address; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Behind the proxy every request comes from the proxy's address: count the
# client's own (the address the proxy appended last to X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "common.security.client_ip"

ROOT_URLCONF = "skillsmatrix.urls"
WSGI_APPLICATION = "skillsmatrix.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skillsmatrix.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL unset means the embedded default: a SQLite file in the project.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: take the write lock when a transaction starts and
    # wait for it, instead of failing with "database is locked" half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DB_PREPARED_STATEMENTS", True):
        # Django's cursors bind on the client and never prepare, whatever this
        # says; it lets the one hot lookup that asks for it (the matrix
        # version, api/matrix.py) be prepared on the server. Set
        # DB_PREPARED_STATEMENTS=false behind a transaction-mode pooler that
        # cannot carry prepared statements.
        options.setdefault("prepare_threshold", 5)
    # No statement may run longer than this: a runaway query fails alone
    # instead of holding a worker and a connection (0 turns the limit off).
    statement_timeout = env_int("DB_STATEMENT_TIMEOUT_MS", 30_000)
    options["options"] = f"-c statement_timeout={statement_timeout}"
    # An unreachable server fails fast (and /readyz answers) instead of hanging.
    options.setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "skillsmatrix",
            # A stuck Redis fails fast instead of holding a worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface in three languages (the matrix content stays as authored).
# The browser's Accept-Language picks one; the switcher in the header remembers
# a choice in a cookie (and on the person's profile, for emails). URLs do not
# change with the language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("zh-hans", "中文")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_assessments"
LOGOUT_REDIRECT_URL = "catalogue"

# Self sign-up: on in the demo (make run), off unless asked for in production.
ALLOW_SIGNUP = env_bool("ALLOW_SIGNUP", False)

# Email: printed to the console unless an SMTP server is configured.
email_host = os.environ.get("EMAIL_HOST", "")
if email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    # Development prints emails readably; anywhere else only who and what
    # about, so that no password-reset link ends up in the logs.
    console = "ReadableConsoleBackend" if DEBUG else "SubjectOnlyConsoleBackend"
    MAILERS = {"default": {"BACKEND": f"common.mail.{console}"}}
# Where this site lives, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Skills Matrix <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content-Security-Policy: our own origin only; inline script needs a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Signed-in sessions last two weeks of inactivity at most, then sign in again.
SESSION_COOKIE_AGE = env_int("SESSION_DAYS", 14) * 24 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS: behind a TLS-terminating proxy that sets X-Forwarded-Proto.
# Only trust the header when a proxy you run sets it (clients could fake it).
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
# Off by default: the proxy usually redirects; docker/compose.yaml turns it on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# The load balancer's health probes come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^readyz/queue$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Request bodies: forms and API calls are small; the one upload (the in-app
# import, /import/) has its own limits below (MATRIX_UPLOAD_*).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.SafeJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.FairUseThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.handler",
    # ?format= belongs to the matrix endpoint (json or yaml), not to DRF.
    "URL_FORMAT_OVERRIDE": None,
}
# Fair use per token (or user, or address): "<count>/<second|minute|hour|day>".
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "5000/hour")

SPECTACULAR_SETTINGS = {
    "TITLE": "Skills Matrix API",
    "DESCRIPTION": "The skills matrix, your own assessments, and your teams' gaps. "
    "Authenticate with a personal token (Profile → API tokens): "
    "`Authorization: Bearer smx_…`. Errors, versioning and caching: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the rating scale wherever it appears (a rating's value, the
    # rating before a re-check), so clients generate one type for it.
    "ENUM_NAME_OVERRIDES": {
        "ValueEnum": "assessments.models.RatingValue",
        "ParticipantStatusEnum": "cycles.selectors.STATUSES",
        "PlanItemStatusEnum": "plans.models.PlanItem.Status",
        "ReadinessStateEnum": "inventory.rules.READINESS_STATES",
        # The cycle's state keeps the name it had before the inventory's readiness state.
        "StateEnum": "cycles.models.Cycle.State",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# The matrix importer refuses files larger than this before parsing them.
MATRIX_IMPORT_MAX_BYTES = env_int("MATRIX_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# The in-app import (/import/): at most this many files per upload, and a
# request body (all files together) larger than this is refused unread.
MATRIX_UPLOAD_MAX_FILES = env_int("MATRIX_UPLOAD_MAX_FILES", 20)
MATRIX_UPLOAD_MAX_BYTES = env_int("MATRIX_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# An uploaded import not confirmed within this many hours is deleted.
MATRIX_PENDING_IMPORT_HOURS = env_int("MATRIX_PENDING_IMPORT_HOURS", 24)
# A cell not reviewed for this many months is reported as stale (check_matrix,
# the curators' "Out of date" page).
MATRIX_REVIEW_MONTHS = env_int("MATRIX_REVIEW_MONTHS", 12)
if not 1 <= MATRIX_REVIEW_MONTHS <= 120:
    raise ImproperlyConfigured(
        f"MATRIX_REVIEW_MONTHS must be from 1 to 120 months, got {MATRIX_REVIEW_MONTHS}"
    )

# Background work (worker/, docs/operations.md): tasks are rows in our own
# database, taken by `manage.py run_worker` processes with row locks (SKIP
# LOCKED on PostgreSQL), enqueued inside the transaction that causes them.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def env_positive_int(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, got {value}")
    return value


# A failing task runs at most this many times (its first run included), then
# stays FAILED for an admin to look at and run again.
WORKER_MAX_ATTEMPTS = env_positive_int("WORKER_MAX_ATTEMPTS", 8)
# Wait before retry n: WORKER_RETRY_BASE_SECONDS * 2**(n-1), at most WORKER_RETRY_MAX_SECONDS.
WORKER_RETRY_BASE_SECONDS = env_positive_int("WORKER_RETRY_BASE_SECONDS", 15)
WORKER_RETRY_MAX_SECONDS = env_positive_int("WORKER_RETRY_MAX_SECONDS", 3600)
# How often a worker says it is alive, and after how long without a word its
# running task is taken back and run again by another worker.
WORKER_HEARTBEAT_SECONDS = env_positive_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_HEARTBEAT_TIMEOUT_SECONDS = env_positive_int("WORKER_HEARTBEAT_TIMEOUT_SECONDS", 60)
if WORKER_HEARTBEAT_TIMEOUT_SECONDS < 2 * WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "WORKER_HEARTBEAT_TIMEOUT_SECONDS must be at least twice WORKER_HEARTBEAT_SECONDS, "
        f"got {WORKER_HEARTBEAT_TIMEOUT_SECONDS} and {WORKER_HEARTBEAT_SECONDS}"
    )
# How long an idle worker waits before looking for work again.
WORKER_POLL_SECONDS = env_positive_int("WORKER_POLL_SECONDS", 1)
# /readyz/queue answers 503 when a task has waited to run longer than this.
WORKER_MAX_QUEUE_AGE_SECONDS = env_positive_int("WORKER_MAX_QUEUE_AGE_SECONDS", 300)
# Finished tasks are deleted after this many days (failed ones are kept).
WORKER_KEEP_DAYS = env_positive_int("WORKER_KEEP_DAYS", 14)
# Periodic jobs, run by the workers themselves (no cron): name -> the dotted
# path of a task that takes no arguments and how often it runs. Each slot is
# enqueued once however many workers run; checked when a worker starts and
# by `manage.py check` (worker/schedule.py).
WORKER_SCHEDULE: dict[str, dict[str, object]] = {
    "worker_prune": {"task": "worker.tasks.prune", "every_seconds": 3600},
    # Opens cycles whose day came, sends due reminders, closes cycles past
    # their review due date; idempotent, so a missed or doubled slot is harmless.
    "cycles_tick": {"task": "cycles.tasks.cycles_tick", "every_seconds": 300},
    # Deletes in-app imports uploaded but never confirmed (MATRIX_PENDING_IMPORT_HOURS).
    "pending_imports_expire": {
        "task": "skills.tasks.pending_imports_expire",
        "every_seconds": 3600,
    },
}

# Logs: JSON lines on stdout (one per request, with its id, user, status and
# timing, plus whatever the code logs), or readable lines for development.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, got {LOG_FORMAT!r}")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "common.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "common.logs.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # One line per request already says what django.server would.
        "django.server": {"level": "WARNING"},
        "django.utils.autoreload": {"level": "WARNING"},
        # The worker logs each task's outcome with structure (worker.runner);
        # django.tasks' own lines would repeat it, traceback and all.
        "django.tasks": {"level": "CRITICAL"},
        # In development the request lines would drown runserver's own.
        "skillsmatrix.request": {"level": "WARNING" if DEBUG else LOG_LEVEL},
    },
}
