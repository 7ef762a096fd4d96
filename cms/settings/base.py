"""Settings shared by every environment. Everything that differs between machines
comes from environment variables, so one image serves dev, CI and production."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)

# The office's portal domain; every school lives on <slug>.<OFFICE_DOMAIN>.
OFFICE_DOMAIN = os.environ.get("OFFICE_DOMAIN", "pgddthoian.edu.vn")
# Port used in school site records (8000 locally, 80/443 behind a proxy).
SCHOOL_SITE_PORT = int(os.environ.get("SCHOOL_SITE_PORT", "80"))
# Offices, schools and their verified own domains are added while the app runs, so the
# host check is sites.hosts.HostMiddleware (first in MIDDLEWARE, backed by the database
# through the shared cache): it refuses unknown hosts before anything reads the Host
# header. "*" here only hands Django's own check over to it; never drop the middleware.
ALLOWED_HOSTS = ["*"]
# Hosts accepted without a database answer (health checks, local names).
EXTRA_ALLOWED_HOSTS = env_list("EXTRA_ALLOWED_HOSTS", "")

INSTALLED_APPS = [
    "sites",
    "home",
    "home.photos",
    "publicity",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django.contrib.admin",
    # Its catalogue: the admin's "1 phút trước" (Wagtail uses humanize's naturaltime).
    "django.contrib.humanize",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # /healthz and /readyz: first, so they answer on any host, uncached (cms/ops/health.py).
    "cms.ops.health.HealthCheckMiddleware",
    # The TLS proxy's certificate question over loopback (Host 127.0.0.1, plain HTTP):
    # before the host check and the SSL redirect (sites/host_check.py).
    "sites.host_check.TlsAskMiddleware",
    "sites.hosts.HostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages get the current policy too (no nonces).
    "sites.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page cache first (a hit skips everything below), then the cached
    # hostname -> Site lookup that Wagtail's serve view would otherwise query.
    "sites.cache.AnonymousPageCacheMiddleware",
    "sites.routing.SiteRoutingMiddleware",
    # An old site's `/?p=123` on a path the new site serves (cms/old_site/redirects.py).
    "cms.old_site.redirects.OldQueryRedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sites.two_factor.SecondFactorMiddleware",
    # School staff reach no other school's objects through any admin URL (sites/admin_guard.py).
    "sites.admin_guard.SchoolAdminGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: a request that writes runs its view in one transaction (cms/ops/atomic.py).
    "cms.ops.atomic.AtomicWritesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    # An empty DATABASE_URL means "not set": the embedded SQLite default.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES:
    # Fail fast while PostgreSQL restarts (a 503 page, cms/ops/errors.py) instead of hanging
    # every worker on a TCP connect; conn_health_checks reconnects once it is back.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; the project ships its own catalogue for Wagtail's admin strings.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
# Dates as people write them, dd/mm/yyyy: short formats and day-first inputs
# (cms/formats/vi), and the admin's date pickers.
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Static files: sources in static/, collected and compressed by whitenoise.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# S3-compatible media (SeaweedFS, MinIO, Viettel/FPT object storage, AWS) when a bucket is
# set: images and renditions in a public bucket, documents in a private one that only the
# app reads (cms/ops/storage.py; documents are streamed by Wagtail's serve view).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
# Read by cms.ops.storage.MediaStorage itself (not passed as OPTIONS): Wagtail hands storages
# to tasks deconstructed, and the keys must not end up in the task queue.
MEDIA_S3 = {
    "public_bucket": AWS_STORAGE_BUCKET_NAME,
    "private_bucket": os.environ.get("AWS_PRIVATE_BUCKET_NAME")
    or (f"{AWS_STORAGE_BUCKET_NAME}-private" if AWS_STORAGE_BUCKET_NAME else ""),
    "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
    "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
    # A CDN in front of the public bucket only; documents never get a public URL.
    "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "cms.ops.storage.MediaStorage"}

# Originals of pupils' photos taken down or blurred (home/photos): kept out of public reach
# for PHOTO_QUARANTINE_DAYS, then erased. Locally a directory outside MEDIA_ROOT (never
# under /media/); with S3 the private bucket under "cach-ly/" (cms/ops/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES["quarantine"] = (
    {"BACKEND": "cms.ops.storage.QuarantineS3Storage"}
    if AWS_STORAGE_BUCKET_NAME
    else {"BACKEND": "cms.ops.storage.PrivateFileSystemStorage"}
)

# Cache: Redis when REDIS_URL is set (shared by every app server: page cache and the
# site-root routing cache must not be per process); local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "truongso"),
            "TIMEOUT": 3600,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "truongso",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Anonymous page cache (sites/cache.py): server-side entries are invalidated on publish,
# so they can live long in Redis (at most 60 s in a per-process local-memory cache, where
# other workers cannot see the invalidation); proxies/CDNs get short lifetimes.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "120"))

# Questions and consultation comments from visitors (home/visitors.py).
VISITOR_RATE_LIMIT = int(os.environ.get("VISITOR_RATE_LIMIT", "5"))  # per address...
VISITOR_RATE_WINDOW = int(os.environ.get("VISITOR_RATE_WINDOW", "3600"))  # ...per seconds
# Contact details are erased this many days after the answer (Nghị định 13/2023/NĐ-CP).
VISITOR_CONTACT_RETENTION_DAYS = int(os.environ.get("VISITOR_CONTACT_RETENTION_DAYS", "365"))

# Pupils' photos (home/photos, README "Pupils' photos and the personal-data law").
# Hours a principal has to act on a takedown request (Nghị định 13/2023's 72 hours).
TAKEDOWN_DEADLINE_HOURS = int(os.environ.get("TAKEDOWN_DEADLINE_HOURS", "72"))
# Days after a request is closed when the sender's name, contact and description go.
TAKEDOWN_CONTACT_RETENTION_DAYS = int(os.environ.get("TAKEDOWN_CONTACT_RETENTION_DAYS", "30"))
# Days the original of a photo taken down or blurred stays in the private quarantine.
PHOTO_QUARANTINE_DAYS = int(os.environ.get("PHOTO_QUARANTINE_DAYS", "30"))
# Days a pupil stays in the consent register after leaving (or after the school year ends).
CONSENT_REGISTER_RETENTION_DAYS = int(os.environ.get("CONSENT_REGISTER_RETENTION_DAYS", "365"))
# Wagtail's frontend-cache purge, only when a CDN/proxy is configured: either a full
# WAGTAILFRONTENDCACHE as JSON, or the URL of an HTTP purge endpoint (nginx/Varnish).
if os.environ.get("WAGTAILFRONTENDCACHE_JSON"):
    import json

    WAGTAILFRONTENDCACHE = json.loads(os.environ["WAGTAILFRONTENDCACHE_JSON"])
elif os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

# Background tasks (django-tasks, which Wagtail 8 uses). Two backend aliases:
# - "default": Wagtail's internal tasks (search and reference indexing, file deletion,
#   CDN purge) run immediately, as Wagtail ships them;
# - "project": the project's own slow work (e-mail, reminders, scheduled publishing,
#   exports), queued in the database in production and run by `manage.py db_worker
#   --backend project`; immediate in dev and tests so `make demo` needs no worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    },
    "project": {
        "BACKEND": os.environ.get(
            "PROJECT_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    },
}

# Extra official days off decided locally (ISO dates), added to the national holidays of the
# `holidays` package when counting "working days" for disclosures; see publicity/working_days.py.
DISCLOSURE_HOLIDAYS = env_list("DISCLOSURE_HOLIDAYS")

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Trường Số")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{OFFICE_DOMAIN}")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Created by home/migrations on PostgreSQL: unaccent + simple (no stemming).
        "SEARCH_CONFIG": "vietnamese_unaccent" if IS_POSTGRES else None,
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Phone photos only; home/uploads.py re-encodes each one without EXIF/GPS (HEIC -> JPEG).
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "heic", "heif"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.uploads.SafeDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg", "heif": "jpeg", "avif": "avif", "bmp": "png"}
WAGTAILDOCS_MAX_UPLOAD_SIZE = 30 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# What the queued e-mail task (cms/ops/mail.py) finally delivers with.
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"khong-tra-loi@{OFFICE_DOMAIN}")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Submissions are mailed to the people the workflow names (the school's principal or
# group head, home/workflows.py), not to every superuser for every school in the province.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "sites.accounts_forms.AdminLoginForm"
# "Quên mật khẩu" answers every active account, also one invited and never set up.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "sites.accounts_forms.EveryAccountPasswordResetForm"  # noqa: S105 - a class path
# Wagtail's "add user" form may leave the password empty: the person gets an invitation.
WAGTAILUSERS_PASSWORD_REQUIRED = False
# How long a staff invitation's set-password link works (sites/invitations.py).
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))

# --- Accounts: second factor, throttling, the client's address ---------------------
# Proxies (addresses or networks) whose X-Forwarded-For is believed; sites.net.client_ip
# is the one reader of the client address, for every rate limit in the project.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Axes first: it refuses locked accounts/addresses before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "sites.throttle.TieredAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "sites.net.client_ip"
AXES_USERNAME_CALLABLE = "sites.throttle.username_key"
AXES_LOCKOUT_CALLABLE = "sites.throttle.lockout_response"
AXES_COOLOFF_TIME = "sites.throttle.cool_off"
AXES_RESET_ON_SUCCESS = True  # the account's own failures only (TieredAxesHandler)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 200
AXES_SENSITIVE_PARAMETERS = ["username", "password", "code"]
AXES_VERBOSE = False
THROTTLE_LOCK_MINUTES = int(os.environ.get("THROTTLE_LOCK_MINUTES", "15"))
THROTTLE_ACCOUNT_SLOW_AFTER = 3
THROTTLE_ACCOUNT_LOCK_AFTER = int(os.environ.get("THROTTLE_ACCOUNT_LOCK_AFTER", "5"))
THROTTLE_ADDRESS_SLOW_AFTER = 10
THROTTLE_ADDRESS_LOCK_AFTER = int(os.environ.get("THROTTLE_ADDRESS_LOCK_AFTER", "20"))
AXES_FAILURE_LIMIT = THROTTLE_ACCOUNT_LOCK_AFTER

# Authenticator apps show this name next to the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Trường Số")

# --- Content-Security-Policy and other headers (sites/headers.py) --------------------
# Public pages: no inline script at all, so no nonces and the page cache stays valid.
# Inline <style> stays allowed (each school's colours); embeds come from known players.
MEDIA_ORIGINS = env_list("MEDIA_ORIGINS")  # e.g. the S3 custom domain
CSP_EMBED_ORIGINS = env_list(
    "CSP_EMBED_ORIGINS",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com,"
    "https://www.facebook.com,https://www.google.com",
)
_MEDIA_ORIGINS = MEDIA_ORIGINS + (
    [f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"]
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    else []
)
if AWS_STORAGE_BUCKET_NAME and os.environ.get("AWS_S3_ENDPOINT_URL"):
    _MEDIA_ORIGINS.append(os.environ["AWS_S3_ENDPOINT_URL"].rstrip("/"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The admin (/quan-tri/): what Wagtail 8 needs. It still has inline scripts and inline
# styles in places, and frames its own previews; nothing from other origins runs.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", "blob:", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_ORIGINS],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
CSP_ADMIN_PREFIXES = ("/quan-tri/",)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Avatars from gravatar.com would leak staff e-mail hashes and need a CSP exception.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
X_FRAME_OPTIONS = "DENY"  # Wagtail's previews override it with SAMEORIGIN themselves

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A Redis outage: one line every 10 s, not a traceback per cache call.
    "filters": {"cache_outage": {"()": "cms.ops.log_filters.ThrottledCacheErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_redis.cache": {"filters": ["cache_outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
