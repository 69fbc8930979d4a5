from django.apps import AppConfig


class ProtocolConfig(AppConfig):
    """The family protocol's records (H2) and aftercare after resolution (issue 11)."""

    name = "offramp.protocol"
    label = "protocol"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.cases import gates, resolution, sections
        from offramp.core import workqueue
        from offramp.core.demo import registry

        from . import (
            demo,
            permissions,  # noqa: F401 - declares what its roles may do
            queue,
            selectors,
        )

        gates.register(selectors.protocol_gate)
        resolution.register(resolution.Record("protocol.coaching", _("The family's coaching plan"),
                                              state=selectors.coaching_resolution_state))
        sections.register(sections.CaseSection("protocol/case_section.html", context=selectors.case_section,
                                               order=20))
        workqueue.register(workqueue.Provider(items=queue.queue_items, counts=queue.queue_counts))
        registry.register(demo.DEMO_PART)

        from offramp.core import record_labels

        from . import audit_labels

        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)
