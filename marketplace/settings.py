"""Souk settings: one module, configured from the environment (12-factor).

Embedded defaults (SQLite, local-memory cache, a file-system Celery broker, localstripe) make
`make run` work on a bare machine; production sets DJANGO_DEBUG=0 and real services.
"""

import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))
RUN_DIR = Path(env.str("SOUK_RUN_DIR", default=str(BASE_DIR / "run")))

DEBUG = env.bool("DJANGO_DEBUG", default=True)
TESTING = env.bool("SOUK_TESTING", default="pytest" in sys.modules)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY (50+ characters) is required when DJANGO_DEBUG=0.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required when DJANGO_DEBUG=0.")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "marketplace.accounts.apps.SoukAdminConfig",  # [hardening] admin log-in guarded
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "marketplace.core",
    "marketplace.caching",
    "marketplace.notify",
    "marketplace.accounts",
    "artisans",
    "marketplace.catalogue",
    "marketplace.shipping",
    "marketplace.orders",
    "payments",
    "marketplace.provenance",
    "marketplace.conversations",
    "marketplace.reviews",
    "marketplace.favourites",
    "marketplace.moderation",
    "marketplace.seller",
]
# Demo data, seed_demo/rundemo and local tooling (demo/): a development app, never imported by
# the marketplace itself; on wherever DEBUG is, or with SOUK_DEMO=1.
if env.bool("SOUK_DEMO", default=DEBUG):
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # [hardening] NUL and control characters answered 400 before anything reads them.
    "marketplace.core.middleware.BadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for text answers, stored pages included (below it); static files are answered above
    # by WhiteNoise, pre-compressed. Why BREACH does not apply: marketplace/core/compression.py.
    "marketplace.core.compression.TextGZipMiddleware",
    # [hardening] Content-Security-Policy on every answer (settings below, django-csp).
    "marketplace.core.csp.SoukCSPMiddleware",
    # A visitor with no session gets a stored catalogue page here, before the rest of the stack.
    "marketplace.caching.pages.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.core.middleware.CurrencyMiddleware",
    # [hardening] a lock or statement timeout answers 503 + Retry-After, never a 500.
    "marketplace.core.middleware.BusyMiddleware",
    # [hardening] Personal answers (a signed-in user, a token, cart/order/pay pages) are never
    # kept by browsers or shared caches; API answers vary on Authorization. Before the page
    # cache: it sees the response after the page cache has decided whether to store it.
    "marketplace.core.middleware.PersonalResponseMiddleware",
    # Last: it needs the language, the currency, the user and the CSRF secret set above.
    "marketplace.caching.pages.PageCacheMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
ASGI_APPLICATION = "marketplace.asgi.application"

TEMPLATES = [
    {
        # Django's backend; its check knows `i18n` below is replaced on purpose.
        "BACKEND": "marketplace.core.template_backend.SoukTemplates",
        "NAME": "django",  # as Django's own backend is named (engines["django"])
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marketplace.core.context_processors.souk",
                "marketplace.core.navigation.menu",
                "marketplace.orders.context_processors.cart",
                "marketplace.caching.context_processors.csrf",
            ],
            # `{% load i18n %}`: Django's tags, a constant `translate` kept per language.
            "libraries": {"i18n": "marketplace.core.templatetags.souk_i18n"},
            # After Django's: `{% url 'name' %}` (a literal, no arguments) kept per language.
            "builtins": ["marketplace.core.templatetags.souk_urls"],
        },
    }
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE transactions take the write lock up front
    # so two writers queue on the busy timeout instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    _db["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default="") or None}
else:
    _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _db["CONN_HEALTH_CHECKS"] = True
    # [catalogue] The working set sits in RAM/SSD: with the spinning-disk default (4) the
    # planner seq-scans every product instead of using the GIN search index (300 ms vs 9 ms
    # at 50,000 products). Sent as a start-up parameter: no extra round trip.
    _db.setdefault("OPTIONS", {}).setdefault(
        "options", "-c random_page_cost=" + env.str("PG_RANDOM_PAGE_COST", default="1.1")
    )
    # Parameters bound by the server and statements prepared once run five times on a
    # connection, so PostgreSQL stops planning them again: a product page's seven-table query
    # took 3 ms to plan and 0.4 ms to run. PG_PREPARE=0 behind PgBouncer in transaction mode.
    if env.bool("PG_PREPARE", default=True):
        _db["OPTIONS"].setdefault("server_side_binding", True)
        _db["OPTIONS"].setdefault("prepare_threshold", 5)
IS_POSTGRES = _db["ENGINE"].startswith("django.db.backends.postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "marketplace.core.redis_cache.SoukRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="souk"),
            "TIMEOUT": 600,
        }
    }
    # [hardening] cached_db that reads the database while Redis is down (no 500s).
    SESSION_ENGINE = "marketplace.core.sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "souk",
            "TIMEOUT": 600,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Every cache (marketplace/caching): in Redis; off without it, because a per-process memory
# cache cannot see another process's changes.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=bool(REDIS_URL))
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# How long a web process trusts its own copy of a page after checking its dependencies, for
# visitors with no session (caching/pages.py): another process's change shows within this time.
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=0.5)
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=16 * 1024 * 1024)
# Each web process's copy of cached fragments (cards, counts, a product's rows), checked
# against their stamps on every use (marketplace/caching/fragments.py); 0 turns it off.
FRAGMENT_CACHE_LOCAL_BYTES = env.int("FRAGMENT_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)
PAGE_CACHE_VIEWS = ["home", "catalogue:*"]
# base.html's head and header for anonymous visitors, kept by each process per language and
# currency with its per-request parts rendered each time (caching/shell.py). Needs no Redis.
SHELL_CACHE = env.bool("SHELL_CACHE", default=True)
# A shared cache in front (deploy/varnish/souk.vcl): how long it may keep a page it is never
# told to purge, and who tells it (caching/edge.py: NoPurger, LoggingPurger, VarnishPurger).
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=3600)
EDGE_PURGER = env.str("EDGE_PURGER", default="marketplace.caching.edge.NoPurger")
EDGE_PURGE_URLS = env.list("EDGE_PURGE_URLS", default=[])
# A form sent from a page a shared cache served carries no token without JavaScript: confirm it.
CSRF_FAILURE_VIEW = "marketplace.caching.views.csrf_failure"

# --- Celery ------------------------------------------------------------------------------------
# With Redis: the real broker. Without: kombu's file-system transport under run/broker, which
# lets `make run` start a real worker with no service installed.
CELERY_BROKER_DIR = RUN_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    # Unacknowledged tasks come back after the visibility timeout; it must exceed the longest
    # countdown/ETA we use (retry back-off caps at 10 minutes), or a waiting task runs twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
else:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        # Exchange tables, else kombu writes them to ./control in whatever folder it runs from.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.send_*": {"queue": "email"},
    "*.email_*": {"queue": "email"},
    "*.image_*": {"queue": "heavy"},
    "*.document_*": {"queue": "heavy"},  # customs documents (PDF)
}
# Reliability (orders/fulfilment): a publish to an unreachable broker fails fast instead of
# hanging the request (the outbox sweep re-sends later); a worker that loses the broker stops
# long tasks so acks_late redelivers them; heavy work never shares a queue with order e-mails.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# [fulfilment] A worker keeps its database connection between tasks, as a web worker does
# between requests (CONN_MAX_AGE): Celery's Django fixup would otherwise connect anew for every
# task (a PostgreSQL backend forked per task). marketplace/celery.py drops a broken or expired
# connection around each task, as Django does around each request.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TASK_TRACK_STARTED = False
CELERY_TASK_ROUTES.update(
    {
        "core.send_outbox_email": {"queue": "email"},
        "core.outbox_sweep": {"queue": "default"},
        "orders.*": {"queue": "default"},
    }
)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {}
# Payments: ask Stripe about unpaid orders whose webhook may be lost; pay out due balances.
CELERY_BEAT_SCHEDULE["payments-reconcile"] = {"task": "payments.reconcile", "schedule": 300.0}
CELERY_BEAT_SCHEDULE["payments-payouts"] = {
    "task": "payments.payouts_create_due",
    "schedule": 86400.0,
}
# Orders: release unpaid orders, close shipped parts nobody disputed, re-send lost e-mails.
CELERY_BEAT_SCHEDULE["orders-release-unpaid"] = {
    "task": "orders.release_unpaid",
    "schedule": 120.0,
}
CELERY_BEAT_SCHEDULE["orders-mark-delivered"] = {
    "task": "orders.mark_delivered_due",
    "schedule": 3600.0,
}
CELERY_BEAT_SCHEDULE["core-outbox-sweep"] = {"task": "core.outbox_sweep", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["notify-sweep"] = {"task": "notify.sweep", "schedule": 60.0}
# Conversations: new-message e-mails after their quiet period; commissions catch up with orders.
CELERY_BEAT_SCHEDULE["conversations-notify"] = {
    "task": "conversations.notify_due",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["conversations-sync"] = {
    "task": "conversations.sync_commissions",
    "schedule": 600.0,
}
# Provenance: certificates a lost task did not make; label claims past their expiry date.
CELERY_BEAT_SCHEDULE["provenance-sweep-certificates"] = {
    "task": "provenance.sweep_certificates",
    "schedule": 600.0,
}
CELERY_BEAT_SCHEDULE["provenance-lapse-claims"] = {
    "task": "provenance.lapse_claims",
    "schedule": 3600.0,
}
# Favourites: restocks whose announcement was lost, the weekly digest (weekly at most per
# buyer, checked more often), cart reminders (a cart left CART_REMINDER_HOURS).
CELERY_BEAT_SCHEDULE["favourites-stock-alerts-sweep"] = {
    "task": "favourites.stock_alerts_sweep",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["favourites-digests"] = {
    "task": "favourites.follow_digests",
    "schedule": 6 * 3600.0,
}
CELERY_BEAT_SCHEDULE["favourites-cart-reminders"] = {
    "task": "favourites.cart_reminders",
    "schedule": 3600.0,
}
CART_REMINDER_HOURS = env.int("CART_REMINDER_HOURS", default=24)
CELERY_TIMEZONE = "Africa/Casablanca"

# --- Auth --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- I18n --------------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
# One date format per language, day before month (marketplace/core/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["marketplace.core.formats"]
LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English"), ("es", "Español")]
LANGUAGES_BIDI = ["ar"]
# Product text falls back in this order when the buyer's language is missing.
CONTENT_LANGUAGE_FALLBACK = ["fr", "ar", "en", "es"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# [hardening] The language cookie: not sent on cross-site subrequests, HTTPS-only in production.
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Money -------------------------------------------------------------------------------------
BASE_CURRENCY = "MAD"
CURRENCIES = ["MAD", "EUR", "USD"]
DEFAULT_COMMISSION_RATE = Decimal(env.str("DEFAULT_COMMISSION_RATE", default="0.1000"))
# Used only until an administrator stores rates (units of the currency per 1 MAD).
DEFAULT_EXCHANGE_RATES = {"MAD": Decimal("1"), "EUR": Decimal("0.0920"), "USD": Decimal("0.1000")}

# --- Orders and payments -----------------------------------------------------------------------
# [hardening] A guest's signed order link (in the order e-mails) works this long (seconds).
ORDER_LINK_MAX_AGE = env.int("ORDER_LINK_MAX_AGE", default=60 * 86400)
UNPAID_ORDER_TIMEOUT = timedelta(minutes=env.int("UNPAID_ORDER_TIMEOUT_MINUTES", default=30))
# Shipped parts with no hold or refund are marked delivered after this long.
AUTO_DELIVER_AFTER = timedelta(days=env.int("AUTO_DELIVER_AFTER_DAYS", default=21))
# Outbox e-mails still unsent after this long are queued again by the sweep.
OUTBOX_SWEEP_AFTER = timedelta(seconds=env.int("OUTBOX_SWEEP_AFTER_SECONDS", default=60))
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="sk_test_souk_localstripe")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="pk_test_souk_localstripe")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_souk_localstripe_dev")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="http://127.0.0.1:8420")
PAYOUT_HOLD_DAYS = env.int("PAYOUT_HOLD_DAYS", default=14)
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default=f"{STRIPE_API_BASE}/js.stripe.com/v3/")

# --- Cash on delivery (payments/methods/cod.py, README "Cash on delivery") ----------------------
# Offered for shipping addresses in these countries, in these currencies, up to this total.
COD_COUNTRIES = env.list("COD_COUNTRIES", default=["MA"])
COD_CURRENCIES = env.list("COD_CURRENCIES", default=["MAD"])
COD_MAX_ORDER_MAD = Decimal(env.str("COD_MAX_ORDER_MAD", default="5000.00"))
# Refused parcels after which COD is no longer offered to that phone number or buyer.
COD_REFUSAL_LIMIT = env.int("COD_REFUSAL_LIMIT", default=2)
# The confirmation code: digits, lifetime, wrong tries per code, codes per order, resend gap,
# codes per phone number per hour (across orders).
COD_CODE_DIGITS = env.int("COD_CODE_DIGITS", default=6)
COD_CODE_TTL = timedelta(minutes=env.int("COD_CODE_TTL_MINUTES", default=10))
COD_CODE_MAX_ATTEMPTS = env.int("COD_CODE_MAX_ATTEMPTS", default=5)
COD_CODE_MAX_SENDS = env.int("COD_CODE_MAX_SENDS", default=4)
COD_CODE_RESEND_AFTER = timedelta(seconds=env.int("COD_CODE_RESEND_AFTER_SECONDS", default=60))
COD_CODE_SENDS_PER_PHONE_HOUR = env.int("COD_CODE_SENDS_PER_PHONE_HOUR", default=6)
# Share of the COD fee the shop keeps (the rest pays the courier's cash handling, kept by the
# platform); the return cost of a refused parcel when the shop sets none, and who bears it.
COD_FEE_SHOP_SHARE = Decimal(env.str("COD_FEE_SHOP_SHARE", default="0.00"))
COD_RETURN_COST_MAD = Decimal(env.str("COD_RETURN_COST_MAD", default="35.00"))
COD_RETURN_COST_PAYER = env.str("COD_RETURN_COST_PAYER", default="platform")

# --- Reviews and reports ([trust]) -------------------------------------------------------------
# A buyer may review a delivered order line for this long after delivery.
REVIEW_WINDOW = timedelta(days=env.int("REVIEW_WINDOW_DAYS", default=90))

# --- Conversations ([conversations]) ---------------------------------------------------------
# Messages per sender, new conversations per buyer ("count/period", period in s, min, h, day).
CONVERSATION_MESSAGE_RATE = env.str("CONVERSATION_MESSAGE_RATE", default="30/10min")
CONVERSATION_START_RATE = env.str("CONVERSATION_START_RATE", default="10/day")
# A new message waits this long for others before its one e-mail goes out.
CONVERSATION_EMAIL_QUIET_MINUTES = env.int("CONVERSATION_EMAIL_QUIET_MINUTES", default=10)

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files only authorised views hand out (identity documents, conversation photos, unpublished
# product photos, invoices, customs and claim documents): never under MEDIA_ROOT, no URL.
# marketplace/core/storage.py says which storage holds what; core/private_files.py serves them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
# The private halves of the certificate signing keys (one PEM file per key id, mode 0600);
# empty: PRIVATE_MEDIA_ROOT/signing-keys.
PROVENANCE_KEY_DIR = env.str("PROVENANCE_KEY_DIR", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "marketplace.core.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "marketplace.core.static_storage.StaticFilesStorage"
        )
    },
}
# Object storage (django-storages, S3 API: AWS S3, MinIO, Ceph, Scaleway, OVH...). With
# MEDIA_S3_BUCKET set, public media live in that bucket and are fetched from it (or from
# MEDIA_S3_DOMAIN, a CDN in front); with PRIVATE_S3_BUCKET, private files live in that bucket,
# which must grant nothing to anonymous readers: the app reads them and hands them out through
# its authorised views, never by a bucket URL. Credentials: the usual AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or an instance role). Several web nodes and a renditions worker on
# another machine then share every file, since the app reads and writes through the storages.
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="") or None
S3_REGION = env.str("S3_REGION", default="") or None
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
PRIVATE_S3_BUCKET = env.str("PRIVATE_S3_BUCKET", default="")
_s3_common = {
    "endpoint_url": S3_ENDPOINT_URL,
    "region_name": S3_REGION,
    "file_overwrite": False,  # a name already taken gets a new one: nothing is overwritten
}
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": MEDIA_S3_BUCKET,
            "custom_domain": env.str("MEDIA_S3_DOMAIN", default="") or None,
            "querystring_auth": False,  # public objects: plain, cacheable URLs
            # None: the bucket's policy makes objects public (buckets with ACLs disabled);
            # "public-read" for providers that still use object ACLs.
            "default_acl": env.str("MEDIA_S3_ACL", default="") or None,
            # File names are random and never reused: caches may keep them for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
if PRIVATE_S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "marketplace.core.storage_s3.PrivateS3Storage",
        "OPTIONS": {**_s3_common, "bucket_name": PRIVATE_S3_BUCKET, "default_acl": "private"},
    }

# The app serves public media itself (/media/) only in development: in production a web
# server, a CDN or the bucket does. Private files are never under MEDIA_ROOT either way.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if not DEBUG or env.str("EMAIL_URL", default=""):  # EMAIL_URL picks SMTP in dev as well
    vars().update(env.email("EMAIL_URL", default="smtp://localhost:25"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend) writes here.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(RUN_DIR / "emails"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Souk <hello@souk.test>")

# --- REST framework ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Each answers in the account's language when the request names none (core/authentication).
        "marketplace.core.authentication.TokenAuthentication",
        "marketplace.core.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.core.api.Pagination",
    "PAGE_SIZE": 24,
    "DEFAULT_SCHEMA_CLASS": "marketplace.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.core.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "marketplace.core.throttles.AnonThrottle",
        "marketplace.core.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="300/min"),
        "user": env.str("THROTTLE_USER", default="1200/min"),
        "login": env.str("THROTTLE_LOGIN", default="10/min"),
        "report": env.str("THROTTLE_REPORT", default="10/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Souk API",
    # The purchase flow, the card step, the language and the error shape (markdown).
    "DESCRIPTION": (BASE_DIR / "marketplace" / "core" / "api_docs.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RegionEnum": "artisans.models.Region",
        "ShopStatusEnum": "artisans.models.Shop.Status",
        "ProductStatusEnum": "marketplace.catalogue.models.Product.Status",
        "ShopOrderStatusEnum": "marketplace.orders.status.ShopOrderStatus",
        "SellerKindEnum": ["artisan", "cooperative"],
        "ReportedKindEnum": ["product", "shop", "review", "message"],
        "LanguageEnum": "marketplace.settings.LANGUAGES",
    },
    # The API's <id:...> path converter: a positive integer of at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
    },
}

# --- Security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- [hardening] log-in guard, proxies, e-mail limits, timeouts, outages (hardb) ----------------
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default): the
# app faces the clients and the header is ignored (a client could write any address there).
# One setting for DRF's throttles and the web and admin log-in guards (marketplace/core/net.py).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = NUM_PROXIES
# Failed log-ins (web, admin, API token), counted three ways (marketplace/accounts/services/
# login_guard.py): per (account, address), cleared only by that pair's own success; per address,
# across accounts (password spraying), never cleared by a success; per account from every
# address, a higher ceiling over a longer window, so one address cannot lock an account out
# for everyone (its own limit is lower) yet a distributed guess still stops.
LOGIN_GUARD = {
    "pair": (env.int("LOGIN_THROTTLE_ATTEMPTS", default=5), 900),
    "address": (env.int("LOGIN_GUARD_ADDRESS_ATTEMPTS", default=20), 900),
    "account": (env.int("LOGIN_GUARD_ACCOUNT_ATTEMPTS", default=50), 3600),
}
# Account e-mails a visitor can trigger (password reset, sign-up confirmation, "you already
# have an account"): at most this many per address and per account in the window (seconds).
ACCOUNT_EMAIL_LIMITS = {
    "address": (env.int("ACCOUNT_EMAILS_PER_ADDRESS", default=10), 3600),
    "account": (env.int("ACCOUNT_EMAILS_PER_ACCOUNT", default=3), 3600),
}
# A sign-up confirmation link works this long (seconds).
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=3 * 86400)
# PostgreSQL gives up waiting for a row lock, or on a statement, after this long on the
# checkout and payment paths (SET LOCAL per transaction): the request answers 503 with
# Retry-After instead of holding a web worker (marketplace/core/transactions.py).
DB_LOCK_TIMEOUT_MS = env.int("DB_LOCK_TIMEOUT_MS", default=3000)
DB_STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", default=15000)
# Recorded webhook events whose drain was lost (broker down, worker killed) are applied by
# this sweep, so a payment is applied within a minute of the broker's return.
WEBHOOK_SWEEP_AFTER_SECONDS = env.int("WEBHOOK_SWEEP_AFTER_SECONDS", default=10)
CELERY_BEAT_SCHEDULE["payments-webhooks-sweep"] = {
    "task": "payments.webhooks_sweep",
    "schedule": 15.0,
}


# --- [hardening] Content-Security-Policy (django-csp) ------------------------------------------
# Scripts only from our own static files (and Stripe.js): no inline script or handler anywhere
# ('unsafe-inline' is never allowed for scripts). A template that truly needs an inline script
# or style tags it with nonce="{{ request.csp_nonce }}" — never in a page the page cache keeps,
# whose body outlives the request's nonce. Violations are reported to /csp-report (logged).
# Stripe.js's origins are added per request from STRIPE_JS_URL/STRIPE_API_BASE (core/csp.py).
_media_origins = []
if MEDIA_S3_BUCKET:
    _domain = env.str("MEDIA_S3_DOMAIN", default="")
    if _domain:
        _media_origins.append(f"https://{_domain}")
    elif S3_ENDPOINT_URL:
        _media_origins.append("/".join(S3_ENDPOINT_URL.split("/")[:3]))
    else:
        _media_origins.append("https://*.amazonaws.com")
CSP_REPORT_PATH = "/csp-report"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_media_origins, *env.list("CSP_IMG_SRC", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": [CSP_REPORT_PATH],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SOUK_NAME = _("Souk")

# --- Text messages (SMS, WhatsApp): marketplace/notify/backends.py ----------------------------
# The console backend writes messages to the worker's log (demo, development). A real provider
# plugs in by naming its backend, e.g. MESSAGING_BACKEND=marketplace.notify.backends.TwilioBackend
# with the MESSAGING_TWILIO_* and MESSAGING_*_FROM settings below.
MESSAGING_BACKEND = env.str(
    "MESSAGING_BACKEND", default="marketplace.notify.backends.ConsoleBackend"
)
MESSAGING_TWILIO_ACCOUNT_SID = env.str("MESSAGING_TWILIO_ACCOUNT_SID", default="")
MESSAGING_TWILIO_AUTH_TOKEN = env.str("MESSAGING_TWILIO_AUTH_TOKEN", default="")
MESSAGING_SMS_FROM = env.str("MESSAGING_SMS_FROM", default="")
MESSAGING_WHATSAPP_FROM = env.str("MESSAGING_WHATSAPP_FROM", default="")
