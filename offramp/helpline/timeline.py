"""The helpline's share of a case's timeline: the contacts that are part of the case."""

from django.urls import reverse

from offramp.cases.models import Case
from offramp.core.access import Actor
from offramp.core.timeline import Bound, Entry, Provider, bounded

from .models import HelplineContact
from .permissions import ANSWER

KIND = "helpline_contact"


def case_contacts(actor: Actor, case: Case, bound: Bound, limit: int) -> list[Entry]:
    """Everyone who may read the case sees that a contact was part of it; only the helpline opens it."""
    contacts = HelplineContact.objects.filter(case=case, merged_into__isnull=True).select_related("responder")
    opens = actor.can(ANSWER)
    return [
        Entry(at=contact.received_at, kind=KIND, key=str(contact.pk), template="helpline/timeline/contact.html",
              item=contact, url=reverse("contact_detail", args=[contact.pk]) if opens else "")
        for contact in bounded(contacts, bound, kind=KIND, at_field="received_at", limit=limit)
    ]


PROVIDERS = [Provider(subject="case", kind=KIND, entries=case_contacts)]
