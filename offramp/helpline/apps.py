from django.apps import AppConfig


class HelplineConfig(AppConfig):
    name = "offramp.helpline"
    label = "helpline"

    def ready(self) -> None:
        from offramp.core import timeline as core_timeline
        from offramp.core import workqueue
        from offramp.helpline import (
            timeline,
            vocabularies,  # noqa: F401 - declares its lists of terms
        )
        from offramp.helpline import workqueue as helpline_workqueue

        workqueue.register(workqueue.Provider(items=helpline_workqueue.queue_items,
                                              counts=helpline_workqueue.queue_counts))
        for provider in timeline.PROVIDERS:
            core_timeline.register(provider)

        from django.urls import reverse

        from offramp.helpline import questionnaires, selectors
        from offramp.instruments.subjects import register_subject

        # A contact's quality reviews are responses about it (questionnaires.py).
        register_subject(questionnaires.CONTACT, can_read=selectors.contact_subject_readable,
                         can_write=selectors.contact_subject_writable, describe=selectors.contact_subject_reference,
                         url=lambda contact_id: reverse("contact_detail", args=[contact_id]))

        from offramp.helpline import demo

        demo.register()  # its part of the demo and scale data, and its benchmark rows

        from django.utils.translation import gettext_lazy as _

        from offramp.core import figures, navigation
        from offramp.helpline import figures_tables, permissions

        for table in figures_tables.TABLES:
            figures.register(table)
        navigation.register(navigation.MenuItem(_("Helpline"), "helpline_queue", permissions.ANSWER, order=30))
        navigation.register(navigation.MenuItem(_("Figures"), "helpline_dashboard", permissions.READ_FIGURES, order=40))
        navigation.register(navigation.MenuItem(_("Directory"), "resource_list", None, order=50))

        from offramp.core import record_labels
        from offramp.helpline import audit_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)
