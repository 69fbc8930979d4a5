from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    """The instrument engine. Apps whose records carry questionnaires register a subject type in their
    own `AppConfig.ready` (offramp.instruments.subjects.register_subject); this app imports none of them."""

    name = "offramp.instruments"
    label = "instruments"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.core import navigation
        from offramp.instruments import demo, permissions

        demo.register()  # its part of the demo
        navigation.register(navigation.MenuItem(_("Questionnaires"), "instruments:instrument_list", permissions.MANAGE,
                                                order=70, active=("instruments",)))

        from offramp.core import record_labels
        from offramp.instruments import audit_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)
