from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "offramp.core"
    label = "core"
    verbose_name = "Offramp core"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.core import (
            figures,  # noqa: F401 - declares who reads the figures
            navigation,
            signals,  # noqa: F401 - connects the sign-in audit receivers
        )
        from offramp.core.access import READ_AUDIT

        navigation.register(navigation.MenuItem(_("Audit trail"), "audit", READ_AUDIT, order=60))

        from offramp.core import audit_labels, record_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)


class OfframpAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "offramp.core.admin_site.OfframpAdminSite"
