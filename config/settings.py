"""Gongzhi settings, driven by the environment (12-factor).

Two ways to run, chosen only by environment variables:
- embedded default: SQLite in WAL mode under var/, Celery on the filesystem:// broker under var/,
  a local-memory cache;
- production: DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker and Django cache).
"""

import json
import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config.schema_names import ENUM_NAME_OVERRIDES

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DEBUG=1 means "development on this machine": a fallback key, static files from the apps, no
# HTTPS-only cookies. Django's own DEBUG (technical error pages, SQL kept in memory) is on with
# it unless DEBUG_PAGES=0: `make run` shows the portal's error pages as users see them, `make dev`
# the technical ones.
DEVELOPMENT = env_bool("DEBUG", default=False)
DEBUG = DEVELOPMENT and env_bool("DEBUG_PAGES", default=True)
# Fails closed: without DEBUG=1 the portal refuses to start on a key everyone can read (it signs
# sessions, password-reset links and API token fingerprints). `make run` sets DEBUG=1, the test
# settings set a key of their own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to 50 or more random characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or DEBUG=1 for development on this machine only."
        )
    SECRET_KEY = "django-insecure-gongzhi-development-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "import_export",
    "core",
    "audit",
    "accounts",
    "notifications",
    "communities",
    "party",
    "points",
    "quizzes",
    "volunteers",
    "events",
    "cases",
    "consultations",
    "marketplace",
    "workbench",
    "care",
    "notices",
    "bookings",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the first query (the session's): the request's "pinned to the primary" flag.
    "core.replica.PinToPrimaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads a form's fields): 413 in the user's language.
    "core.middleware.RequestSizeLimitMiddleware",
    # Refuses control characters and malformed JSON before anything else reads the request
    # (after the size cap: it reads the body).
    "core.middleware.InputCleaningMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
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
                # Not django.template.context_processors.i18n: the templates that show the
                # language ask for it ({% get_current_language %}), the others paid for it on
                # every page.
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# Django's widget templates rendered once per process per state (core.forms.KeptWidgetsRenderer).
FORM_RENDERER = "core.forms.KeptWidgetsRenderer"

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "gongzhi.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        # Measured: a new connection per request halves the throughput of a write endpoint.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so web,
    # worker and beat queue for it instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file (not :memory:) so a Celery worker started by an integration test shares the data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # SQLite cannot build "NULLS NOT DISTINCT" unique constraints (consultations' one open seat
    # per member); the service checks it inside an IMMEDIATE transaction there.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
# A streaming replica for reads (core.replica): selectors read there, writes and reads after a
# write (same request, same task) stay on the primary. The test suite never builds a database on
# it (MIRROR): its own replica tests start a real one (tests/core/test_replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    # An unreachable replica is given up on quickly (reads then go to the primary).
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
DATABASE_ROUTERS = ["core.replica.PrimaryReplicaRouter"]
# A browser that wrote reads from the primary this long (the replica's lag is usually under 1 s).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
# After failing to connect to the replica, reads stay on the primary this long before a new try.
REPLICA_RETRY_SECONDS = int(os.environ.get("REPLICA_RETRY_SECONDS", "10"))
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
# The hottest hand-written statements are prepared once per connection (core.prepared); off
# behind a pooler in transaction mode, which does not keep a client on one server session.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: with Redis down, reads miss and pages are served from the database.
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gongzhi"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
    # Sessions read from the shared cache (written through to the database): a page costs no
    # session query. Only with Redis: a per-process cache would keep a logged-out session alive
    # in the other workers.
    # core.sessions: Django's cached_db, asking for the layout's copy in the same round trip.
    SESSION_ENGINE = "core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", VAR_DIR / "celery"))
    for _folder in ("out", "processed"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # One folder for both directions: the producer writes where the worker reads.
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
# Queues by kind, so a notice to 100,000 residents (100,000 email/SMS tasks) never waits in front
# of a settlement or an import. The routing lives here and nowhere else (no queue= at call sites).
# A worker started without -Q consumes every queue below (the embedded default, `make run`);
# production runs a worker per queue (compose.yaml, deploy/k8s/) with `-Q <queue>`.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_QUEUE_NAMES = ("default", "notifications", "imports", "settlement")
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in CELERY_QUEUE_NAMES]
CELERY_TASK_ROUTES = {
    # email and SMS copies of inbox messages, one task per recipient and channel, and the tasks
    # that fan a notice out to a whole audience
    "notifications.tasks.*": {"queue": "notifications"},
    "consultations.tasks.consultation_notify_opening_task": {"queue": "notifications"},
    "consultations.tasks.consultation_remind_closing_task": {"queue": "notifications"},
    "events.tasks.reminders_send_task": {"queue": "notifications"},
    "notices.tasks.notice_fanout_task": {"queue": "notifications"},
    "notices.tasks.notice_knock_lists_task": {"queue": "notifications"},
    "events.tasks.summary_reminders_send_task": {"queue": "notifications"},
    "quizzes.tasks.draw_win_notify_task": {"queue": "notifications"},
    "volunteers.tasks.wish_claimers_tell_task": {"queue": "notifications"},
    # spreadsheet imports and exports: minutes of one job, never urgent to the second
    "*.tasks.*import*": {"queue": "imports"},
    "*.tasks.*export*": {"queue": "imports"},
    # leaderboard settlements and the ledger check: prizes and frozen ranks, on their own queue
    "points.tasks.settle_due_periods_task": {"queue": "settlement"},
    "points.tasks.settlement_run_task": {"queue": "settlement"},
    "points.tasks.verify_ledger_task": {"queue": "settlement"},
    # everything else (beat's sweeps, reminders, the outbox drain) goes to "default"
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it has run, and given back to the queue if its worker process dies
# (SIGKILL, out of memory): every task is idempotent, so running one again is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Publishing while the broker is away gives up quickly: the work waits in the outbox (core.outbox).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Long jobs (imports, settlements) beat at least this often; the beat queues again those silent
# for longer (core.jobs).
JOB_STALE_AFTER_SECONDS = int(os.environ.get("JOB_STALE_AFTER_SECONDS", "120"))
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # allauth's, with the session's user read as a prepared statement (accounts.backends)
    "accounts.backends.AuthenticationBackend",
    # Only for sessions opened before: a log-in stops at the first (no second password check).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Staff (grid workers, community and street staff) start from their place's workbench.
STAFF_LOGIN_REDIRECT_URL = "workbench:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PHONE_VERIFICATION_ENABLED = env_bool("PHONE_VERIFICATION", default=False)
# Residents imported by staff have no password yet: they log in with a code sent by SMS (or
# email) and then set one. The code is short-lived and allows 3 attempts (allauth's defaults).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Six digits, as every SMS code in China looks; easy to type for older residents.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_UNIQUE_EMAIL = True
# Password reset and log-in by code answer the same whether or not an account exists (the code
# page says "if this number is registered, a code was sent"). Sign-up with a registered number
# is told by SMS when numbers are verified at sign-up (PHONE_VERIFICATION), else on the page.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Reverse proxies in front of gunicorn, each appending to X-Forwarded-For (one nginx: 1). Client
# addresses for rate limits and the audit log are read that many places from the right
# (core.http.client_ip); 0 ignores the header, so a client cannot choose its own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Two brakes on guessing (README "Security"): per account, our lock (5 failures -> 30 minutes,
# accounts.services); per client address, allauth's limits below, generous enough for a whole
# office behind one NAT address (a typo each is far below 30 failures a minute).
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "30/m/ip,300/h/ip",
}
# Points buy something real (a merchant's coupon) only for a verified mobile number: an SMS code
# at sign-up (PHONE_VERIFICATION), a log-in by SMS code, or the "verify my number" page before
# the first redemption (accounts.phone_verification). Earning is not gated (README "Security").
REQUIRE_VERIFIED_PHONE = env_bool("REQUIRE_VERIFIED_PHONE", default=True)
LOGIN_LOCK_FAILURES = 5
LOGIN_LOCK_MINUTES = 30
# API tokens end after this many days (apps log in again), at a password change, and do not
# work while the account is locked (accounts.tokens).
API_TOKEN_LIFETIME_DAYS = int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "30"))
STAFF_IDLE_TIMEOUT_SECONDS = int(os.environ.get("STAFF_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
# Pepper for the one-way hash of ID-card numbers; defaults to SECRET_KEY.
ID_NUMBER_HASH_KEY = os.environ.get("ID_NUMBER_HASH_KEY", SECRET_KEY)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEVELOPMENT or env_bool("TESTING")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT or env_bool("TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Exports escape formula-leading cells through core.exports (SafeCSV/SafeXLSX for the admin).
# django-import-export's own switch stays off: it strips only a leading "=" (leaving "+", "-",
# "@" live) and turns every cell into text, empty ones into "None".
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Uploaded files are served only through permission-checked views (core.media), never from a
# directory; behind nginx, set MEDIA_ACCEL_REDIRECT_PREFIX to let nginx send them after the check.
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
# Request size: a whole body above MAX_REQUEST_BODY_BYTES is refused with 413 before it is read
# (the largest legitimate one is a report with 9 photos of at most 5 MB); form fields other than
# files are capped at 10 MB in memory, files above 5 MB go to a temporary file, at most 20 files.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_MB", "50")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- Email and SMS --------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "共治 Gongzhi <noreply@gongzhi.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = os.environ.get("SMS_BACKEND", "notifications.sms.ConsoleSmsBackend")
# The signature (签名) shown as 【...】 and registered with the gateway, the gateway's template
# codes per template key (notifications.sms_templates), and per-phone limits.
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "共治社区")
SMS_TEMPLATE_CODES = json.loads(os.environ.get("SMS_TEMPLATE_CODES", "{}"))
SMS_PER_PHONE_PER_HOUR = int(os.environ.get("SMS_PER_PHONE_PER_HOUR", "5"))
SMS_PER_PHONE_PER_DAY = int(os.environ.get("SMS_PER_PHONE_PER_DAY", "20"))
ALIYUN_SMS_ENDPOINT = os.environ.get("ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
ALIYUN_SMS_ACCESS_KEY_ID = os.environ.get("ALIYUN_SMS_ACCESS_KEY_ID", "")
ALIYUN_SMS_ACCESS_KEY_SECRET = os.environ.get("ALIYUN_SMS_ACCESS_KEY_SECRET", "")
ALIYUN_SMS_REGION = os.environ.get("ALIYUN_SMS_REGION", "cn-hangzhou")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.SessionAuthentication",
        "accounts.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
        # The token endpoint: per client address (an office shares one), and per account.
        "auth": os.environ.get("API_THROTTLE_AUTH", "60/min"),
        "auth_login": "10/min",
    },
    # The same proxy count as TRUSTED_PROXY_COUNT; DRF's default (None) would key throttles on
    # the whole X-Forwarded-For header, which a client can change at every request.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "core.schema.GongzhiAutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "共治 Gongzhi API",
    "DESCRIPTION": "Community governance portal API (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets whose field names ("status", "relation") other apps use too: named explicitly,
    # or the schema gets hashed enum names and `check --deploy` warns.
    "ENUM_NAME_OVERRIDES": ENUM_NAME_OVERRIDES,
}

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEVELOPMENT and env_bool("SECURE_COOKIES", default=True) and not env_bool("TESTING"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (django-csp): scripts and styles from our own static files only (the
# few inline ones carry the per-request nonce), no plugins, no framing, forms post to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        # QR codes are inline SVG data URIs (core.qr).
        "img-src": [csp_constants.SELF, "data:"],
        "font-src": [csp_constants.SELF],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.SELF],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    }
}

ADMIN_SITE_TITLE = os.environ.get("STREET_NAME", "祖庙街道")
# Levels above the street ("440604 禅城区", "440600 佛山市"): when set, migrations put the root
# streets whose codes begin with the district's code under it (communities 0006); also
# `manage.py place_streets_under_district`. Empty: the streets stay the roots of the tree.
TREE_DISTRICT = os.environ.get("TREE_DISTRICT", "")
TREE_CITY = os.environ.get("TREE_CITY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Absolute links (emails, SMS, notices): the public address in production; in development the
# port the server runs on (`make run PORT=8080` sets PORT for the web server and the worker).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)
# The demo's log-ins on the home page: `make run` sets DEMO_MODE=1; never on in production.
DEMO_MODE = env_bool("DEMO_MODE", default=False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
