import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "offramp.settings.local")

app = Celery("offramp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _keep_django_logging(**kwargs) -> None:
    """A worker would replace the root logger's handlers with its own, without the filter that
    redacts personal data (settings.LOGGING); with a receiver here it leaves logging to Django's config."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
