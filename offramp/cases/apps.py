from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "offramp.cases"
    label = "cases"

    def ready(self) -> None:
        from offramp.cases import (
            permissions,  # noqa: F401 - declares what its roles may do
            queue,
            timeline,
            vocabularies,  # noqa: F401 - declares its lists of terms
        )
        from offramp.core import timeline as core_timeline
        from offramp.core import workqueue

        workqueue.register(workqueue.Provider(items=queue.queue_items, counts=queue.queue_counts))
        workqueue.register_panel(workqueue.Panel(template="cases/home_panel.html", context=queue.home_panel))
        for provider in timeline.PROVIDERS:
            core_timeline.register(provider)

        from offramp.cases import demo

        demo.register()  # its part of the demo and scale data, and its benchmark rows

        from django.utils.translation import gettext_lazy as _

        from offramp.core import navigation

        from .permissions import READ

        navigation.register(navigation.MenuItem(_("Cases"), "case_list", READ, order=10))

        from offramp.cases import audit_labels
        from offramp.core import record_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)
