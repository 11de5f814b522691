"""One env-driven settings module: SQLite and a local Redis by default, PostgreSQL by one variable."""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import cache_from_url, envbool, envint, envlist, envnetworks, envrate, envsiteurl

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PITLANE_VAR_DIR", BASE_DIR / "var"))


DEBUG = envbool("DEBUG", "False")
# Secure cookies, HSTS, HTTPS redirect, the proxy's headers trusted, Redis for the shared cache.
PITLANE_PRODUCTION = envbool("PITLANE_PRODUCTION", "False")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and PITLANE_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-change-me-pitlane-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "blog",
    "moderation",
    "scoring",
    "api",
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.headers.SecurityHeadersMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pitlane.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    # A file, not memory, so an integration test's real worker process can open the same test database.
    _test_db = Path(os.environ.get("TMPDIR", "/tmp")) / f"pitlane-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_test_db)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "blog:article_list"
LOGOUT_REDIRECT_URL = "blog:article_list"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("PITLANE_MANIFEST_STATIC", "False")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Redis for the broker; the run script points Celery at kombu's filesystem transport when Redis is absent.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        # Without this kombu writes its exchange table to ./control, inside the checkout.
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    # An unacknowledged task (worker killed) is redelivered after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("PITLANE_VISIBILITY_TIMEOUT", "300")}
# Rate-limit counters live in the cache, so production needs one shared by every web process: Redis.
# Development and tests default to a per-process memory cache (one runserver, one pytest process).
CACHE_URL = os.environ.get("CACHE_URL") or (REDIS_URL if PITLANE_PRODUCTION else "locmem://")
if PITLANE_PRODUCTION and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CACHE_URL must point at Redis in production: rate limits need a shared cache")
CACHES = {"default": cache_from_url(CACHE_URL)}
# django-ratelimit predates Django's own RedisCache (atomic incr, fine) and rejects a memory cache
# outright; the memory cache is only the single-process development and test default.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHE_URL == "locmem://":
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
# Sentence vectors shared between processes through that cache (scoring.shared_vectors), kept this long.
PITLANE_SHARE_EMBEDDINGS = envbool("PITLANE_SHARE_EMBEDDINGS", str(CACHE_URL != "locmem://"))
PITLANE_EMBEDDINGS_TTL = envint("PITLANE_EMBEDDINGS_TTL", str(3 * 24 * 3600))

# Abuse limits (see blog.limits): POSTs per window, per account or per client IP.
RATELIMIT_ENABLE = envbool("PITLANE_RATELIMIT_ENABLE", "True")
# How many proxies in front of the app append to X-Forwarded-For (see blog.client_address); 0: none,
# the client is REMOTE_ADDR. Every per-address limit and the address saved with a comment use it.
PITLANE_TRUSTED_PROXIES = envint("PITLANE_TRUSTED_PROXIES", "0")
if PITLANE_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("PITLANE_TRUSTED_PROXIES must be 0 or more")
if os.environ.get("RATELIMIT_IP_META_KEY"):
    raise ImproperlyConfigured("RATELIMIT_IP_META_KEY is replaced by PITLANE_TRUSTED_PROXIES (a proxy count)")
RATELIMIT_IP_META_KEY = "blog.client_address.client_address"
PITLANE_RATE_COMMENT_ACCOUNT = envrate("PITLANE_RATE_COMMENT_ACCOUNT", "6/m")
PITLANE_RATE_COMMENT_IP = envrate("PITLANE_RATE_COMMENT_IP", "30/m")
PITLANE_RATE_REPORT_ACCOUNT = envrate("PITLANE_RATE_REPORT_ACCOUNT", "20/h")
PITLANE_RATE_REPORT_IP = envrate("PITLANE_RATE_REPORT_IP", "30/h")
PITLANE_RATE_SIGNUP_IP = envrate("PITLANE_RATE_SIGNUP_IP", "5/h")
PITLANE_RATE_RESET_IP = envrate("PITLANE_RATE_RESET_IP", "5/h")
# A reader's edits and deletions of their own comments, and their up-votes.
PITLANE_RATE_EDIT_ACCOUNT = envrate("PITLANE_RATE_EDIT_ACCOUNT", "6/m")
PITLANE_RATE_VOTE_ACCOUNT = envrate("PITLANE_RATE_VOTE_ACCOUNT", "30/m")
PITLANE_RATE_ACCOUNT_DATA = envrate("PITLANE_RATE_ACCOUNT_DATA", "10/h")
# Logins (blog.login_limits) count failures only: per address, per (username, address) with backoff,
# and a per-username ceiling that alerts moderators instead of refusing the account's owner.
PITLANE_RATE_LOGIN_IP = envrate("PITLANE_RATE_LOGIN_IP", "10/m")
PITLANE_LOGIN_FREE_FAILURES = envint("PITLANE_LOGIN_FREE_FAILURES", "5")
PITLANE_RATE_LOGIN_USERNAME = envrate("PITLANE_RATE_LOGIN_USERNAME", "30/h")
# Calls per API key (Akismet, Coral, REST): a blog's whole comment traffic goes through one key.
PITLANE_RATE_API_KEY = envrate("PITLANE_RATE_API_KEY", "600/m")

# The REST API (api/) authenticates by API key in its own views: no sessions, so no CSRF either.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.errors.json_errors",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pitlane moderation API",
    "DESCRIPTION": "Submit comments from your blog, read Pitlane's verdicts, moderate your queue.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The docs page's scripts come from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "APPEND_COMPONENTS": {"securitySchemes": {"ApiKey": {"type": "http", "scheme": "bearer"}}},
    "SECURITY": [{"ApiKey": []}],
    "ENUM_NAME_OVERRIDES": {"CommentStatusEnum": "blog.models.Comment.Status"},
}

# Webhooks (api.webhooks): seconds before the first retry (doubling, capped at an hour), tries in all
# before a delivery is marked failed, and how long a receiver may take to answer.
PITLANE_WEBHOOK_BACKOFF = float(os.environ.get("PITLANE_WEBHOOK_BACKOFF", "10"))
PITLANE_WEBHOOK_MAX_ATTEMPTS = envint("PITLANE_WEBHOOK_MAX_ATTEMPTS", "8")
PITLANE_WEBHOOK_TIMEOUT = envint("PITLANE_WEBHOOK_TIMEOUT", "5")

# Health and metrics (api.ops): a worker whose heartbeat (every PITLANE_HEARTBEAT_EVERY seconds) is older
# than PITLANE_HEARTBEAT_STALE is reported stale. /metrics answers a bearer token or addresses in the
# listed networks; in production with neither set it answers nobody.
PITLANE_HEARTBEAT_EVERY = envint("PITLANE_HEARTBEAT_EVERY", "15")
PITLANE_HEARTBEAT_STALE = envint("PITLANE_HEARTBEAT_STALE", "90")
PITLANE_METRICS_TOKEN = os.environ.get("PITLANE_METRICS_TOKEN", "")
PITLANE_METRICS_ALLOW = envnetworks("PITLANE_METRICS_ALLOW")

CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# Scoring tasks take milliseconds, so a prefork parent may fetch a few ahead while its child works;
# with acks_late a prefetched message is still redelivered if the worker dies.
CELERY_WORKER_PREFETCH_MULTIPLIER = envint("CELERY_WORKER_PREFETCH_MULTIPLIER", "1")
# Celery's Django fixup otherwise closes the database connection around every task (a reconnect per task).
CELERY_DB_REUSE_MAX = envint("CELERY_DB_REUSE_MAX", "500")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The site's address as readers reach it: e-mails carry absolute links built from it.
SITE_URL = envsiteurl("SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Where the file backend (django.core.mail.backends.filebased.EmailBackend) writes each message.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pitlane <comments@pitlane.local>")

# Where versioned model directories live; the active model is recorded in the database.
PITLANE_MODEL_DIR = Path(os.environ.get("PITLANE_MODEL_DIR", VAR_DIR / "models"))
# Until the scoring worker takes over, new comments can be published as soon as they are saved.
PITLANE_PUBLISH_IMMEDIATELY = envbool("PITLANE_PUBLISH_IMMEDIATELY", "False")
# Dotted path of the callable returning the scoring model (see moderation.worker).
PITLANE_SCORER = os.environ.get("PITLANE_SCORER", "scoring.live_model.get_active_model")
# A scoring task takes up to this many waiting comments with it: the model is far faster per comment in batch.
PITLANE_SCORE_BATCH = envint("PITLANE_SCORE_BATCH", "64")
# The sweeper re-enqueues comments still pending after PITLANE_SWEEP_AFTER seconds (broker was down).
CELERY_BEAT_SCHEDULE = {
    "sweep-pending-comments": {
        "task": "moderation.tasks.sweep_pending",
        "schedule": float(envint("PITLANE_SWEEP_EVERY", "30")),
        "kwargs": {"older_than_seconds": envint("PITLANE_SWEEP_AFTER", "60")},
    },
}
# Retraining (scoring.retraining): grouped folds for the thresholds, share of the newest decisions held
# out for the report, and whether the seed corpus joins the decisions and imported corpora.
PITLANE_RETRAIN_FOLDS = envint("PITLANE_RETRAIN_FOLDS", "5")
PITLANE_RETRAIN_HOLDOUT = envint("PITLANE_RETRAIN_HOLDOUT_PERCENT", "20") / 100
PITLANE_RETRAIN_WITH_SEED = envbool("PITLANE_RETRAIN_WITH_SEED", "True")
# A shadow model also scores comments this many hours older than the moment it started shadowing.
PITLANE_SHADOW_LOOKBACK_HOURS = envint("PITLANE_SHADOW_LOOKBACK_HOURS", "24")
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "api.tasks.heartbeat",
    "schedule": float(PITLANE_HEARTBEAT_EVERY),
}
CELERY_BEAT_SCHEDULE["score-with-shadow-model"] = {
    "task": "scoring.tasks.score_with_shadow",
    "schedule": float(envint("PITLANE_SHADOW_EVERY", "30")),
}
if envbool("PITLANE_WEEKLY_RETRAIN", "False"):
    # Proposes a candidate every Monday night; promotion stays an admin's decision.
    CELERY_BEAT_SCHEDULE["propose-weekly-retrain"] = {
        "task": "scoring.tasks.propose_weekly_retrain",
        "schedule": crontab(minute=0, hour=3, day_of_week="mon"),
    }
# Pitlane's own site among the sites it moderates (blog.Site with is_home), created on first use.
PITLANE_SITE_NAME = os.environ.get("PITLANE_SITE_NAME", "Pitlane")
PITLANE_SITE_URL = os.environ.get("PITLANE_SITE_URL", f"{SITE_URL}/")
# Tell authors their comment was judged spam (False: they see "awaiting review", so spammers learn nothing).
PITLANE_SHOW_SPAM_VERDICT = envbool("PITLANE_SHOW_SPAM_VERDICT", "False")
# Score a draft in the web process and tell its author when it looks off-topic, before it is saved.
PITLANE_WARN_OFF_TOPIC = envbool("PITLANE_WARN_OFF_TOPIC", "True")
# Minutes after posting during which an author may edit their comment (the edit is scored again).
PITLANE_EDIT_WINDOW_MINUTES = envint("PITLANE_EDIT_WINDOW_MINUTES", "15")
# Top-level threads per article page, and rows of one thread under it (a longer thread pages on its own).
PITLANE_COMMENTS_PER_PAGE = envint("PITLANE_COMMENTS_PER_PAGE", "50")
PITLANE_REPLIES_PER_THREAD = envint("PITLANE_REPLIES_PER_THREAD", "100")

if PITLANE_PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers and compose probe these over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    # Production trusts its proxy's X-Forwarded-Proto, so it must also know where the client address is.
    if "PITLANE_TRUSTED_PROXIES" not in os.environ:
        raise ImproperlyConfigured(
            "PITLANE_TRUSTED_PROXIES must be set in production: the number of proxies in front of the app"
        )

_CONSOLE = {"console": {"class": "logging.StreamHandler"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": _CONSOLE,
           "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")}}
