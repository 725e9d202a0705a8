"""Settings shared by every run mode; everything site-specific comes from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("GRUNDERHUS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
# The embedded run keeps its SQLite file, mail and broker queue here.
for _sub in ("", "mail", "celery/queue", "celery/processed", "celery/control"):
    (VAR_DIR / _sub).mkdir(parents=True, exist_ok=True)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-secret-4f6b1c0e9a")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "community",
    "notifications",
    "events",
    "mentoring",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "community.apps.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "grunderhus.security.ContentSecurityPolicyMiddleware",
    "grunderhus.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "grunderhus.middleware.LocaleMiddleware",
    "grunderhus.middleware.RefuseControlCharactersMiddleware",
    "grunderhus.middleware.BadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.middleware.AdminRequiresTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "grunderhus.urls"
WSGI_APPLICATION = "grunderhus.wsgi.application"

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
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL picks the engine; the embedded default is a SQLite file. SQLite runs in WAL mode
# and opens every transaction with BEGIN IMMEDIATE, so two writers queue instead of failing
# half-way with "database is locked" when one upgrades a read lock.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # A database host that has vanished fails a request in seconds (a 503 page), not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "community.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions live in PostgreSQL, never in the cache: Redis going away signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupForm"
ACCOUNT_FORMS = {"signup": "community.account_forms.AccountSignupForm"}
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[RE Gründerhus] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so they are visibly on.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# The per-IP limits above count by the client's address. Behind a reverse proxy REMOTE_ADDR is
# the proxy's, so every visitor would share one count and ten bad logins from anyone would lock
# out everyone. Trust the last N entries of X-Forwarded-For (N = proxies of ours in front of the
# app, each appending the address it saw), or a header a trusted proxy sets (X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "RE Gründerhus"
# When true, staff must have TOTP set up before the Wagtail admin lets them in.
GRUNDERHUS_ADMIN_REQUIRES_2FA = env.bool("GRUNDERHUS_ADMIN_REQUIRES_2FA", default=False)

# --- Content-Security-Policy and Permissions-Policy (grunderhus/security.py) --------------------
# Public and member pages: everything from this origin, nothing inline. A template that needs a
# style or a script puts it in a static file; e-mail HTML is not served, so it keeps its inline
# styles. data: images are allauth's TOTP QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (signed-in staff and editors only) renders inline scripts (InlinePanel,
# date and time widgets, chooser modals) and style attributes, previews pages in a same-origin
# frame and shows uploads as blob: images before they are saved. So it allows inline script and
# style, and nothing else from anywhere but this origin.
GRUNDERHUS_ADMIN_CSP_PREFIX = "/admin/"
GRUNDERHUS_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features the site never uses are switched off for every page. A view that needs one
# opens it for itself with grunderhus.security.permissions_policy: the staff check-in page
# (events.admin_views.check_in) will scan QR codes with the phone's camera and gets
# ``@permissions_policy(camera=["self"])`` on that view, not camera here.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="filemail://")
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    # filemail:///srv/mail writes there (django-environ hands the path over without its
    # leading slash); a bare filemail:// writes to var/mail.
    _mail_path = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or ""
    EMAIL_CONFIG["EMAIL_FILE_PATH"] = str(Path("/", _mail_path) if _mail_path else VAR_DIR / "mail")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RE Gründerhus <post@gronderhus.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis away is a cache miss, not an error (grunderhus/cache.py); short timeouts, so a
    # vanished host costs a request half a second once, not a hang.
    CACHES = {
        "default": {
            "BACKEND": "grunderhus.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------------------------
# Redis when REDIS_URL is set; otherwise kombu's filesystem transport, so the embedded run
# needs no server at all. Results are never read, so none are stored.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        # A publish to a broker that is away fails at once (one try, half a second at most to
        # connect, three to answer) instead of retrying for seconds; the worker's BRPOP (1 s)
        # stays inside the read timeout. Workers and beat pass their own, unlimited retries
        # when they (re)connect (CELERY_BROKER_CONNECTION_MAX_RETRIES below).
        "max_retries": 0,
        "socket_connect_timeout": 0.5,
        "socket_timeout": 3,
    }
else:
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Broadcast (pidbox) exchanges; kombu's default is ./control in the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
# A task the web queues stands for an outbox row already committed in PostgreSQL, which the
# per-minute dispatcher sends if the message never arrives; beat's tasks come again next tick.
# So a publish is tried once (no request waits for retries while Redis is away) and its failure
# is logged, not raised (notifications.services). Workers and beat wait for the broker for as
# long as it takes, at start and after losing it, instead of giving up after 100 tries.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# The beat schedule lives in code (grunderhus/celery.py), not in the database.

# --- Wagtail's own background work -------------------------------------------------------------
# Wagtail 8 queues its search-index, reference-index and image-rendition updates through
# django-tasks. They are short and must be visible to the editor straight after saving, so they
# run in-process on commit; Celery is kept for the house's own reminders.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "RE Gründerhus"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "grunderhus.search"}}
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin would hand a hash of every listed person's e-mail address to a third
# party on each page view, and its Content-Security-Policy loads images from this origin only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A URL name: the admin sends people to allauth's login (with its TOTP step) in their language.
WAGTAILADMIN_LOGIN_URL = "account_login"
# The same for pages restricted to logged-in users, instead of Wagtail's bare login form.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"

SITE_ID = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Wagtail's in-process tasks log every run at INFO; only problems are worth reading.
        "django_tasks": {"level": "WARNING"},
    },
}
