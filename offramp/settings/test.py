"""Test settings: fixed throwaway keys, fast hashing, eager tasks, locmem cache and mail."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
OFFRAMP_MASTER_KEYS = ["dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE="]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OFFRAMP_DEMO_MODE = False
AXES_ENABLED = True
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# The worked example of an app that plugs into every registry without editing another app
# (tests/plugin_app, tests/test_plugin_app.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app"]  # noqa: F405
