"""Changes to group sessions: each checks permission first, validates, writes and audits, in its own
transaction."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from offramp.cases.models import Case
from offramp.core.access import CASEWORK, Actor, get_or_deny, require
from offramp.core.audit import Action, audit
from offramp.core.models import TaxonomyTerm

from .models import GroupSession
from .permissions import RUN_SESSIONS
from .selectors import session_get
from .vocabularies import TOPIC

MAX_ATTENDANCE = 500
MAX_REPORT = 4000


@transaction.atomic(durable=True)
def session_record(*, actor: Actor, topic_id: int, held_at: datetime, attendance: int,
                   case_id=None) -> GroupSession:
    """A session held: its topic (a term of the organisation's topics), when, how many came, and the
    family's case it was for, if any (only for those who may see casework)."""
    require(actor, RUN_SESSIONS)
    case = None
    if case_id:
        require(actor, CASEWORK)
        case = get_or_deny(actor, Case.objects.for_actor(actor).filter(restricted=False), case_id, object_type="case",
                           audit_action=None)
    topic = TaxonomyTerm.objects.for_actor(actor).filter(vocabulary=TOPIC, active=True, pk=topic_id).first()
    if topic is None:
        raise ValidationError({"topic": _("Choose one of your organisation's group topics.")})
    if held_at > timezone.now():
        raise ValidationError({"held_at": _("Record a session once it has been held.")})
    if not 0 <= attendance <= MAX_ATTENDANCE:
        raise ValidationError({"attendance": _("Give a number from 0 to %(max)d.") % {"max": MAX_ATTENDANCE}})
    session = GroupSession.objects.create(organization=actor.organization, topic=topic, held_at=held_at,
                                          facilitator=actor.user, attendance=attendance, case=case)
    audit(actor, Action.CREATE, object_type="group_session", object_id=session.pk)
    return session


@transaction.atomic(durable=True)
def session_report_write(*, actor: Actor, session_id, report: str) -> GroupSession:
    session = session_get(actor, session_id, audit_action=None)
    report = (report or "").strip()
    if not report:
        raise ValidationError({"report": _("Write what happened in the session.")})
    if len(report) > MAX_REPORT:
        raise ValidationError({"report": _("Write at most %(n)d characters.") % {"n": MAX_REPORT}})
    session.report = report
    session.reported_at = timezone.now()
    session.save(update_fields=["report", "reported_at"])
    audit(actor, Action.UPDATE, object_type="group_session", object_id=session.pk)
    return session
