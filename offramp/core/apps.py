from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "offramp.core"
    label = "core"
    verbose_name = "Offramp core"

    def ready(self) -> None:
        from offramp.core import (
            figures,  # noqa: F401 - declares who reads the figures
            signals,  # noqa: F401 - connects the sign-in audit receivers
        )


class OfframpAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "offramp.core.admin_site.OfframpAdminSite"
