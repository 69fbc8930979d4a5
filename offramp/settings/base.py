"""Settings shared by every deployment. Values come from the environment (see README)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("OFFRAMP_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("OFFRAMP_DEBUG", False)
SECRET_KEY = env_str("OFFRAMP_SECRET_KEY")
# Base64 AES-256 keys: the first wraps new data keys, the rest only unwrap (rotation).
OFFRAMP_MASTER_KEYS = [k for k in [env_str("OFFRAMP_MASTER_KEY")] + env_list("OFFRAMP_OLD_MASTER_KEYS", []) if k]
# Demo mode lets the generated demo users skip the second factor, with a banner.
OFFRAMP_DEMO_MODE = env_bool("OFFRAMP_DEMO_MODE", False)
ALLOWED_HOSTS = env_list("OFFRAMP_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("OFFRAMP_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "offramp.core.apps.OfframpAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "offramp.core",
    "offramp.people",
    "offramp.cases",
    "offramp.helpline",
    "offramp.instruments",
    "offramp.assessments",
    "offramp.protocol",
    "offramp.plans",
    "offramp.api",
]

MIDDLEWARE = [
    "offramp.core.middleware.RequestSizeLimitMiddleware",
    "offramp.core.middleware.NoStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "offramp.core.middleware.IdleAwareSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "offramp.core.middleware.SecondFactorRequiredMiddleware",
    "offramp.core.middleware.OrganizationMiddleware",
    "offramp.core.middleware.AuditDenialsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "offramp.urls"
WSGI_APPLICATION = "offramp.wsgi.application"
AUTH_USER_MODEL = "core.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "offramp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "offramp.core.context_processors.offramp",
            ],
            "builtins": ["offramp.core.templatetags.choices"],
        },
    }
]
# Checkbox labels without Django's trailing colon, on every form (offramp/core/form_rendering.py).
FORM_RENDERER = "offramp.core.form_rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'offramp.sqlite3'}"),
        conn_max_age=env_int("OFFRAMP_DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("OFFRAMP_REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: without a broker every task runs eagerly in the web process.
CELERY_BROKER_URL = env_str("OFFRAMP_CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {"task": "offramp.core.tasks.send_due_reminders", "schedule": 900.0},
    "refresh-planner-statistics": {"task": "offramp.core.tasks.refresh_planner_statistics", "schedule": 86400.0},
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "work_queue"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "offramp.core.auth.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Accept the code of the neighbouring 30-second period too: phone clocks drift, and typing takes time.
MFA_TOTP_TOLERANCE = 1
MFA_TOTP_ISSUER = env_str("OFFRAMP_TOTP_ISSUER", "Offramp")

# The visitor's address (offramp.core.client_ip): REMOTE_ADDR, or behind N trusted reverse proxies the
# Nth entry from the right of this header. Used by the sign-in lockout, allauth's and the help form's limits.
OFFRAMP_TRUSTED_PROXY_COUNT = env_int("OFFRAMP_TRUSTED_PROXY_COUNT", 0, minimum=0)
OFFRAMP_CLIENT_IP_HEADER = env_str("OFFRAMP_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")

# django-axes locks an account+address after repeated failures; allauth's own limit stays as a backstop.
# Both key on the address from offramp.core.client_ip (allauth through offramp.core.auth.AccountAdapter).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,20/5m/key"}
AXES_CLIENT_IP_CALLABLE = "offramp.core.client_ip.client_ip_or_none"
AXES_FAILURE_LIMIT = env_int("OFFRAMP_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("OFFRAMP_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "offramp.core.auth.login_throttle_username"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_VERBOSE = False

# Idle sessions expire: every request pushes the expiry forward by the idle limit.
SESSION_COOKIE_AGE = env_int("OFFRAMP_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("OFFRAMP_SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "offramp_session"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

SECURE_HSTS_SECONDS = env_int("OFFRAMP_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("OFFRAMP_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("OFFRAMP_SSL_REDIRECT", False)
if env_bool("OFFRAMP_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "offramp" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "offramp" / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Without a mail server, messages are only noted on the console (subject and count; never whom or what).
EMAIL_BACKEND = env_str("OFFRAMP_EMAIL_BACKEND", "offramp.core.mail.RedactedConsoleEmailBackend")
EMAIL_HOST = env_str("OFFRAMP_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OFFRAMP_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("OFFRAMP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("OFFRAMP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OFFRAMP_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("OFFRAMP_FROM_EMAIL", "offramp@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "offramp.api.authentication.ApiTokenAuthentication",
        "offramp.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["offramp.api.permissions.HasOrganization"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "offramp.api.pagination.WindowPagination",
    "EXCEPTION_HANDLER": "offramp.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["offramp.api.parsers.BoundedJSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Offramp API",
    "DESCRIPTION": "Case management for exit and violence-interruption programs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links draw each operation's path as a link inside its toggle button (nested controls, for axe
    # and for screen readers); without them the path is text in the button.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "offramp.cases.models.CaseStatus",
        "CaseKindEnum": "offramp.cases.models.CaseKind",
        "ContactKindEnum": "offramp.people.models.ContactMethod.Kind",
        "RelationshipKindEnum": "offramp.people.models.Relationship.Kind",
        "NoteChannelEnum": "offramp.cases.models.Channel",
        "ContactChannelEnum": "offramp.helpline.models.ContactChannel",
    },
}

# Every handler carries the redacting filter (offramp.core.logging), a second line of defence: nothing
# identifying is logged on purpose. Django's own loggers lose their default handlers (a console one without
# the filter, and mail_admins, which would e-mail request data) and go through the root handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "offramp.core.logging.RedactPersonalData"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["redact_personal_data"]}},
    "root": {"handlers": ["console"], "level": env_str("OFFRAMP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Request bodies: a whole request (a CSV import is the largest), and the form or JSON fields Django parses.
OFFRAMP_MAX_REQUEST_BYTES = env_int("OFFRAMP_MAX_REQUEST_MB", 10, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# How deeply an API body may nest (a deeper one is refused, not parsed into a recursion error).
OFFRAMP_MAX_JSON_DEPTH = 20

# How long a break-the-glass grant lasts.
OFFRAMP_BREAK_GLASS_HOURS = env_int("OFFRAMP_BREAK_GLASS_HOURS", 8, minimum=1)
# E2: a note is late when documented more than this many hours after the encounter.
OFFRAMP_NOTE_DEADLINE_HOURS = 24
