"""How the audit trail shows and finds people (core.record_labels): by name, only to a reader who may
see that person (people_visible_to's rule, checked for the whole page at once); anyone else reads a
neutral label. Not found by name: the audit trail's filters are in its address, where no name belongs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.access import Actor
from offramp.core.record_labels import RecordKind, uuid_ids

from .models import Person
from .selectors import visible_person_ids


def _people(actor: Actor, ids: list[str]) -> dict[str, str]:
    people = list(Person.objects.for_actor(actor).filter(pk__in=uuid_ids(ids)))
    named = visible_person_ids(actor, [person.pk for person in people])
    return {str(person.pk): person.display_name if person.pk in named else _("a person (name not shown)")
            for person in people}


KINDS = (RecordKind("person", gettext_lazy("Person"), _people),)
