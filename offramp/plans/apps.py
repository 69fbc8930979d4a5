from django.apps import AppConfig


class PlansConfig(AppConfig):
    """Case plans: SMART goals, the wellness plan, the stage-fit caution, tasks on the work queue (issue 11)."""

    name = "offramp.plans"
    label = "plans"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.cases import resolution, sections
        from offramp.core import figures as core_figures
        from offramp.core import record_labels, workqueue

        from . import audit_labels, demo, figures, permissions, selectors
        from . import workqueue as queue

        sections.register(sections.CaseSection("plans/case_section.html", context=selectors.case_section, order=20))
        resolution.register(resolution.Record("plans.goals", _("The plan's goals (the wellness plan)"),
                                              state=selectors.goals_resolution_state))
        workqueue.register(workqueue.Provider(items=queue.queue_items, counts=queue.queue_counts))
        demo.register()
        for kind in audit_labels.KINDS:  # how the audit trail names its records
            record_labels.register(kind)
        core_figures.register(core_figures.FiguresTable(
            "plans.goals_reached", _("Plan goals reached, by wellness dimension"), permissions.FIGURES,
            build=figures.goals_reached, order=150, label_heading=_("Wellness dimension"),
            count_heading=_("Goals reached"),
            description=_("Each goal counted once, under the first wellness dimension it was tied to.")))
