"""Rehber settings, read from ``REHBER_*`` environment variables.

With nothing set, Rehber runs the embedded setup: SQLite (WAL) under
``var/``, a local-memory cache and background tasks run in-process.
``REHBER_DATABASE_URL`` and ``REHBER_REDIS_URL`` switch to PostgreSQL and
Redis. ``REHBER_ENVIRONMENT=production`` turns on the production safeguards
and refuses to start without a secret key.

Every variable is read with ``env()`` below and listed, with its default, in
``docs/configuration.md`` (a test checks that the two agree).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


#: "embedded" (default) or "production". Production demands a secret key and
#: allowed hosts, and turns on HTTPS-only cookies and HSTS.
ENVIRONMENT = env("REHBER_ENVIRONMENT", "embedded")
if ENVIRONMENT not in {"embedded", "production"}:
    raise ImproperlyConfigured("REHBER_ENVIRONMENT must be 'embedded' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

#: Where the embedded setup keeps its database, secret key and uploads.
VAR_DIR = Path(env("REHBER_VAR_DIR", str(BASE_DIR / "var")))

#: Shows tracebacks in the browser. Never in production.
DEBUG = env_bool("REHBER_DEBUG")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("REHBER_DEBUG cannot be on in production.")


def _embedded_secret_key() -> str:
    """A key made once for this installation and kept in var/ (embedded setup only)."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


#: Signs sessions, cookies and tokens. Required in production.
SECRET_KEY = env("REHBER_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "REHBER_SECRET_KEY is not set. Production refuses to start without a secret key."
        )
    SECRET_KEY = _embedded_secret_key()

#: Comma-separated host names the site answers to.
ALLOWED_HOSTS = env_list("REHBER_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("REHBER_ALLOWED_HOSTS must name the site's hosts in production.")

#: Comma-separated origins trusted for HTTPS form posts behind a proxy, e.g. https://rehber.example.
CSRF_TRUSTED_ORIGINS = env_list("REHBER_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "rehber.core",
    "rehber.accounts",
    "rehber.guides",
    "rehber.advisors",
    "rehber.listings",
    "rehber.directory",
    "rehber.surveys",
    "rehber.core.apps.RehberAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rehber.core.middleware.permissions_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "rehber.core.middleware.visitor_profile_middleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rehber.urls"
WSGI_APPLICATION = "rehber.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rehber.core.context_processors.page_shell",
            ],
        },
    },
]

# Database ------------------------------------------------------------------

#: postgres://user:password@host:port/name switches from SQLite to PostgreSQL.
DATABASE_URL = env("REHBER_DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Our queries are short: compiling one with JIT costs more than it saves (8 ms
    # for a ranked search over 16,000 listings, bench/README.md "Listings").
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "rehber.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions, rate limits ----------------------------------------------

#: redis://host:port/db moves the cache, sessions and sign-in throttling to Redis.
REDIS_URL = env("REHBER_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rehber",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# E-mail ----------------------------------------------------------------------

#: SMTP server for outgoing e-mail (sign-up links, relay and renewal notices). Empty
#: prints e-mails to standard error in the embedded setup; in production, where
#: standard error goes to logs that must hold no personal data, e-mail is then off
#: (and `check --deploy` warns).
EMAIL_HOST = env("REHBER_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
#: SMTP port (STARTTLS is used).
EMAIL_PORT = int(env("REHBER_EMAIL_PORT", "587"))
#: SMTP user name.
EMAIL_HOST_USER = env("REHBER_EMAIL_USER", "")
#: SMTP password.
EMAIL_HOST_PASSWORD = env("REHBER_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = True
#: Address of the site as people reach it, for links in e-mails sent by
#: scheduled tasks (which have no request to take it from).
SITE_URL = env("REHBER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
#: Sender of Rehber's e-mails.
DEFAULT_FROM_EMAIL = env("REHBER_EMAIL_FROM", "Rehber <no-reply@localhost>")

# Background tasks ------------------------------------------------------------

#: "immediate" runs tasks in the web process; "database" queues them for
#: `rehber db_worker` processes, which may run on other machines.
TASKS_BACKEND = env("REHBER_TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Accounts and sign-in --------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "core:home"
#: Seconds a "choose a new password" link works (Django's default is three days). Short,
#: because whoever reads the mailbox can take the account; the e-mail and the page after
#: the request tell people the time in whole hours. Each link also works only once.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

#: Failed sign-ins allowed for one e-mail address from one IP address before a lock-out.
AXES_FAILURE_LIMIT = int(env("REHBER_SIGNIN_FAILURE_LIMIT", "5"))
#: Minutes a lock-out lasts.
AXES_COOLOFF_TIME = timedelta(minutes=int(env("REHBER_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field holding the e-mail address
AXES_USERNAME_CALLABLE = "rehber.accounts.services.signin_throttle_key"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its log lines carry e-mail and IP addresses
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
#: Number of reverse proxies in front of the site (0 reads the peer address).
AXES_IPWARE_PROXY_COUNT = int(env("REHBER_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

OTP_TOTP_ISSUER = "Rehber"

# Languages -------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("en", "English"),
    ("fa", "فارسی"),
]
# Django's right-to-left list lacks Pashto, a content language of ours.
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, "ps"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Istanbul"
LANGUAGE_COOKIE_NAME = "rehber_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
#: Where `collectstatic` gathers static files for serving.
STATIC_ROOT = Path(env("REHBER_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if PRODUCTION else 60

# Security ----------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(self), payment=(), usb=(), interest-cohort=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [NONE],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    #: Set to 0 when a proxy in front already redirects HTTP to HTTPS.
    SECURE_SSL_REDIRECT = env_bool("REHBER_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Visitor profile -----------------------------------------------------------------

VISITOR_PROFILE_COOKIE = "rehber_profile"
VISITOR_PROFILE_MAX_AGE = 60 * 60 * 24 * 365

# Logging: nothing personal goes to the logs ------------------------------------

#: Level of the log written to standard error.
LOG_LEVEL = env("REHBER_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Request warnings carry only method, path and status.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "ERROR"},
    },
}
