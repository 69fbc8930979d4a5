from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "offramp.people"
    label = "people"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.core import navigation
        from offramp.core.access import CASEWORK
        from offramp.people import demo, permissions  # noqa: F401 - declares what its roles may do

        demo.register()  # its benchmark rows
        navigation.register(navigation.MenuItem(_("People"), "person_list", CASEWORK, order=20))

        from offramp.core import record_labels
        from offramp.people import audit_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)
