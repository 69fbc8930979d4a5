"""How the audit trail shows core's own records (core.record_labels): a staff account by its name (staff
are not client data; only members of the reader's organisation), the organisation by its name."""

from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.models import Membership, User
from offramp.core.record_labels import RecordKind, int_ids, uuid_ids


def _users(actor: Actor, ids: list[str]) -> dict[str, str]:
    members = Membership.objects.for_actor(actor).values("user_id")
    return {str(pk): name or email for pk, name, email in
            User.objects.filter(pk__in=int_ids(ids)).filter(pk__in=members).values_list("pk", "display_name", "email")}


def _organizations(actor: Actor, ids: list[str]) -> dict[str, str]:
    return {str(actor.organization.pk): actor.organization.name} if str(actor.organization.pk) in uuid_ids(ids) else {}


KINDS = (
    RecordKind("user", gettext_lazy("Staff account"), _users),
    RecordKind("organization", gettext_lazy("Organisation"), _organizations),
)
