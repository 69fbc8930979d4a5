from django.conf import settings

from offramp.core.access import Can
from offramp.core.auth import may_skip_second_factor


def offramp(request):
    actor = getattr(request, "actor", None)
    context = {"actor": actor, "can": Can(actor), "demo_mode": settings.OFFRAMP_DEMO_MODE}
    if actor is not None:
        from offramp.core.models import Notification
        from offramp.core.navigation import menu
        from offramp.core.workqueue import lands_on_figures, work_counts

        context["menu"] = menu(actor, request)
        context["queue_counts"] = work_counts(actor)
        context["home_is_figures"] = lands_on_figures(actor)
        context["unread_notifications"] = Notification.objects.filter(
            user=actor.user, organization=actor.organization, read_at__isnull=True
        ).count()
        context["other_organizations"] = [
            org for org in actor.organizations if org.pk != actor.organization.pk
        ]
        context["skipping_second_factor"] = may_skip_second_factor(actor.user)
    return context
