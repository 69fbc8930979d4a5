"""Production: every secret from the environment, TLS only, no demo shortcuts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_list, env_str

SECRET_KEY = env_str("OFFRAMP_SECRET_KEY", required=True)
OFFRAMP_MASTER_KEYS = [env_str("OFFRAMP_MASTER_KEY", required=True)] + env_list(
    "OFFRAMP_OLD_MASTER_KEYS", []
)
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("OFFRAMP_DEBUG must be off in production.")
if OFFRAMP_DEMO_MODE:  # noqa: F405
    raise ImproperlyConfigured("OFFRAMP_DEMO_MODE lets users skip the second factor; production refuses it.")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
