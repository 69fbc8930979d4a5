"""Issue 10, summary-first case page: a summary header (who carries it, the reply due first, the helpline
contacts on it, what is open), the "Move the case" form folded with what each move needs, and the
resolution's criteria and evidence in the status history."""

from django.urls import reverse

from offramp.cases import gates
from offramp.cases.models import ResolutionCriterion
from offramp.cases.services import case_transition
from offramp.helpline.services import contacts


def _summary(page: str) -> str:
    start = page.index('id="summary-heading"')
    return page[start:page.index("</section>", start)]


def test_the_case_page_opens_with_who_carries_it_and_its_linked_contacts(world):
    contact = contacts.contact_log(actor=world.actor("supervisor"), channel="phone", caller_relationship="parent")
    contacts.contact_attach_to_case(actor=world.actor("supervisor"), contact_id=contact.pk,
                                    case_reference=world.case.reference)
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    summary = _summary(page)
    assert "Carried by" in summary and world.users["manager"].display_name in summary
    assert world.users["mentor"].display_name not in summary  # on the team, not carrying it
    assert contact.reference in summary and "Nothing due" in summary
    assert page.index('id="summary-heading"') < page.index('id="people-heading"')
    # A reader who may not open helpline contacts sees the reference, not a link.
    mentor = world.client("mentor").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert contact.reference in _summary(mentor)
    assert reverse("contact_detail", args=[contact.pk]) not in _summary(mentor)


def test_the_move_form_is_folded_and_says_what_each_move_needs(world):
    client = world.client("manager")
    page = client.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    assert '<details class="panel fold" id="move"' in page and 'id="move" open' not in page
    assert 'data-needs="reason closure "' in page  # close without resolution
    assert 'data-move-part="reason"' in page and "offramp/case-move.js" in page
    refused = client.post(reverse("case_transition", args=[world.case.pk]), {"to_status": "closed"})
    assert refused.status_code == 400 and 'id="move" open' in refused.content.decode()


def test_the_resolution_shows_its_criteria_and_evidence_in_the_history(world):
    criteria = [ResolutionCriterion.objects.create(organization=world.org, kind="family_support", text=t)
                for t in ("Family reports a safer home", "Healthy activities in place")]
    actor = world.actor("manager")
    with gates.suspended():  # the history, not the family protocol's stage records (tests/protocol)
        for status in ("plan", "monitoring", "coaching"):
            case_transition(actor=actor, case_id=world.case.pk, to_status=status)
        case_transition(actor=actor, case_id=world.case.pk, to_status="resolved", evidence={
            criteria[0].pk: "Mother reports calm evenings", criteria[1].pk: "Joined a football club"})
    page = world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()
    history = page[page.index('id="history-heading"'):]
    assert "Resolution criteria met, with evidence:" in history
    assert "Family reports a safer home" in history and "Mother reports calm evenings" in history
    assert "Joined a football club" in history
    assert world.client("outsider").get(reverse("case_detail", args=[world.case.pk])).status_code == 404
