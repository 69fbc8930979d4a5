from django.apps import AppConfig


class PeerGroupsConfig(AppConfig):
    """Registers everything the app adds, as any Offramp app does; nothing outside it names it."""

    name = "tests.plugin_app"
    label = "peer_groups"
    offramp_app = True  # its urls and api_urls are mounted (core.routing)

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from offramp.core import figures as core_figures
        from offramp.core import navigation, workqueue
        from offramp.core import timeline as core_timeline
        from offramp.core.demo import registry
        from offramp.instruments.subjects import register_subject

        from . import (
            demo,
            figures,
            permissions,
            selectors,
            timeline,
            vocabularies,  # noqa: F401 - declares its list of topics
        )
        from . import workqueue as queue

        workqueue.register(workqueue.Provider(items=queue.queue_items, counts=queue.queue_counts))
        for provider in timeline.PROVIDERS:
            core_timeline.register(provider)
        register_subject("group_session", can_read=selectors.session_exists, can_write=selectors.session_exists,
                         describe=selectors.session_reference, url=_session_url)
        registry.register(demo.DEMO_PART)
        core_figures.register(core_figures.FiguresTable(
            "peer_groups.attendance_by_topic", _("Group attendance by topic"), permissions.READ_FIGURES,
            build=figures.attendance_by_topic, order=200, label_heading=_("Topic"),
            count_heading=_("Attendances"), chart=True))
        navigation.register(navigation.MenuItem(_("Groups"), "peer_groups:session_list", permissions.RUN_SESSIONS,
                                                order=80, active=("peer_groups",)))


def _session_url(session_id: str) -> str:
    from django.urls import reverse

    return reverse("peer_groups:session_detail", args=[session_id])
