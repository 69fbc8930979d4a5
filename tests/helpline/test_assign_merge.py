"""Who takes a contact forward (assign, claim, hand back) and merging duplicate contacts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import AuditEvent, Notification, Role, TaxonomyTerm
from offramp.helpline import figures as helpline_figures
from offramp.helpline import vocabularies
from offramp.helpline.models import ContactMerge, FollowUp, HelplineContact
from offramp.helpline.services import contacts, follow_ups, merges
from tests.conftest import make_user
from tests.helpline.safety import ALL_NO


@pytest.fixture
def colleague(world):
    """A second responder of the same organisation."""
    world.users["responder2"] = make_user("responder2@northstar.test", world.org, Role.HELPLINE_RESPONDER)
    return world.users["responder2"]


def _log(world, persona="responder", **fields):
    defaults = {"channel": "phone", "caller_relationship": "parent"}
    return contacts.contact_log(actor=world.actor(persona), **{**defaults, **fields})


# ---- assign, claim, hand back ------------------------------------------------------------------

def test_the_responder_who_logs_a_contact_takes_it_forward(world):
    assert _log(world).assigned_to == world.users["responder"]


def test_a_contact_left_for_the_team_waits_unassigned_and_can_be_claimed(world, colleague):
    response = world.client("responder").post(reverse("contact_create"), {
        "channel": "email", "caller_relationship": "teacher", "summary": "Voicemail: teacher asks for a call back.",
        "leave_unassigned": "on", **ALL_NO})
    contact = HelplineContact.objects.get()
    assert response.status_code == 302 and contact.assigned_to is None
    queue = world.client("responder2").get(reverse("helpline_queue")).content.decode()
    unassigned = queue[queue.index('id="unassigned-heading"'):queue.index('id="follow-heading"')]
    assert contact.reference in unassigned

    claimed = world.client("responder2").post(reverse("contact_claim", args=[contact.pk]))
    contact.refresh_from_db()
    assert claimed.status_code == 302 and contact.assigned_to == colleague
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    assert contact.reference not in queue[queue.index('id="unassigned-heading"'):queue.index('id="follow-heading"')]

    # Someone else cannot take it from under them.
    refused = world.client("responder").post(reverse("contact_claim", args=[contact.pk]), follow=True)
    contact.refresh_from_db()
    assert contact.assigned_to == colleague
    assert "Responder2 has already taken this contact." in refused.content.decode()
    assert AuditEvent.objects.filter(object_id=str(contact.pk), detail__op="claim").count() == 1


def test_supervisor_assigns_a_contact_and_the_assignee_is_told(world, colleague):
    contact = _log(world, leave_unassigned=True)
    response = world.client("supervisor").post(reverse("contact_assign", args=[contact.pk]),
                                               {"assignee": colleague.pk})
    contact.refresh_from_db()
    assert response.status_code == 302 and contact.assigned_to == colleague
    notice = Notification.objects.get(user=colleague)
    assert contact.reference in notice.message


def test_only_helpline_staff_can_be_assigned_and_only_by_a_supervisor(world):
    contact = _log(world, leave_unassigned=True)
    refused = world.client("supervisor").post(reverse("contact_assign", args=[contact.pk]),
                                              {"assignee": world.users["manager"].pk})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Choose a helpline responder or supervisor of your organisation." in body
    assert world.client("responder").post(reverse("contact_assign", args=[contact.pk]),
                                          {"assignee": world.users["responder"].pk}).status_code == 403
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_hand_back_by_the_assignee_or_a_supervisor_only(world, colleague):
    contact = _log(world)
    world.client("responder2").post(reverse("contact_release", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.assigned_to == world.users["responder"]
    world.client("responder").post(reverse("contact_release", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.assigned_to is None


@pytest.mark.parametrize("persona", ["manager", "mentor", "evaluator", "admin", "outsider"])
def test_no_one_outside_the_helpline_claims_or_assigns(world, persona):
    contact = _log(world, leave_unassigned=True)
    client = world.client(persona)
    assert client.post(reverse("contact_claim", args=[contact.pk])).status_code in (403, 404)
    assert client.post(reverse("contact_assign", args=[contact.pk]),
                       {"assignee": world.users["responder"].pk}).status_code in (403, 404)
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_claim_assign_and_release_through_the_api(world, colleague):
    contact = _log(world, leave_unassigned=True)
    listed = world.client("responder2").get("/api/v1/contacts/").json()["results"]
    assert listed[0]["assigned_to"] is None
    claimed = world.client("responder2").post(f"/api/v1/contacts/{contact.pk}/claim/")
    assert claimed.status_code == 200 and claimed.json()["assigned_to"] == colleague.pk
    again = world.client("responder").post(f"/api/v1/contacts/{contact.pk}/claim/")
    assert again.status_code == 400
    assigned = world.client("supervisor").post(f"/api/v1/contacts/{contact.pk}/assign/",
                                               {"assignee": world.users["responder"].pk},
                                               content_type="application/json")
    assert assigned.json()["assigned_to"] == world.users["responder"].pk
    released = world.client("responder").post(f"/api/v1/contacts/{contact.pk}/release/")
    assert released.json()["assigned_to"] is None
    assert world.client("responder").post(f"/api/v1/contacts/{contact.pk}/assign/", {
        "assignee": world.users["responder"].pk}, content_type="application/json").status_code == 403
    assert world.client("outsider").post(f"/api/v1/contacts/{contact.pk}/claim/").status_code in (403, 404)


# ---- merging duplicates --------------------------------------------------------------------------

@pytest.fixture
def pair(world):
    """The same conversation logged twice: the second record has the safety answer and a follow-up."""
    vocab = vocabularies
    sign = TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.SIGN, label="Threats")
    need = TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.NEED, label="Isolation")
    first = _log(world, caller_name="Wilhelmina", summary="Mother worried about her son.",
                 received_at=timezone.now() - timedelta(minutes=30), terms={"needs": [need.pk]})
    second = _log(world, caller_phone="+1 212 555 0188", summary="Son talked about hurting a classmate.",
                  threat_to_others=True, terms={"signs": [sign.pk], "needs": [need.pk]})
    follow_ups.follow_up_schedule(actor=world.actor("responder"), contact_id=second.pk,
                                  due_at=timezone.now() + timedelta(hours=4))
    return first, second, sign, need


def test_merging_keeps_everything_on_the_surviving_contact(world, pair):
    first, second, sign, need = pair
    response = world.client("responder").post(reverse("contact_merge", args=[first.pk]), {
        "duplicate_reference": second.reference.lower(), "reason": "Same call: the line dropped and she rang back."})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.merged_into == first
    assert first.caller_name == "Wilhelmina" and first.caller_phone == "+1 212 555 0188"
    assert first.threat_to_others and first.emergency_alerted_at is not None
    assert "Mother worried about her son." in first.summary
    assert f"[{second.reference}] Son talked about hurting a classmate." in first.summary
    assert list(first.signs.all()) == [sign] and list(first.needs.all()) == [need]
    assert FollowUp.objects.get().contact == first
    assert first.caller_phone_digest == second.caller_phone_digest != ""

    merge = ContactMerge.objects.get()
    assert (merge.survivor, merge.duplicate, merge.merged_by) == (first, second, world.users["responder"])
    assert {"caller_phone", "summary", "threat_to_others", "signs", "follow_ups"} <= set(merge.carried)
    events = AuditEvent.objects.filter(detail__op="merge")
    assert {e.object_id for e in events} == {str(first.pk), str(second.pk)}
    assert "Wilhelmina" not in str([e.detail for e in events])  # the record names fields, never values

    page = world.client("responder").get(reverse("contact_detail", args=[first.pk])).content.decode()
    assert f"{second.reference} was merged into this contact" in page
    assert "Same call: the line dropped and she rang back." in page


def test_a_merged_duplicate_leaves_lists_and_figures_and_its_links_lead_to_the_survivor(world, pair):
    first, second, _sign, _need = pair
    merges.contact_merge(actor=world.actor("supervisor"), contact_id=first.pk, duplicate_reference=second.reference,
                         reason="Logged twice by the same responder.")
    queue = world.client("responder").get(reverse("helpline_queue")).content.decode()
    # The duplicate is not listed (its reference may still be read in the survivor's carried-over summary).
    assert reverse("contact_detail", args=[first.pk]) in queue
    assert reverse("contact_detail", args=[second.pk]) not in queue
    api = world.client("responder").get("/api/v1/contacts/").json()["results"]
    assert [c["reference"] for c in api] == [first.reference]
    followed = world.client("responder").get(reverse("contact_detail", args=[second.pk]))
    assert followed.status_code == 302 and followed["Location"] == reverse("contact_detail", args=[first.pk])
    figures = helpline_figures.helpline_figures(world.actor("supervisor"))
    assert figures["total"].value == 1


def test_merge_refusals_are_specific(world, pair, colleague):
    first, second, _sign, _need = pair
    supervisor = world.actor("supervisor")

    def refused(actor, contact, reference, reason="The same call logged twice."):
        with pytest.raises(ValidationError) as error:
            merges.contact_merge(actor=actor, contact_id=contact.pk, duplicate_reference=reference, reason=reason)
        return " ".join(error.value.messages)

    assert "cannot be merged into itself" in refused(supervisor, first, first.reference)
    assert "No contact of your organisation has that reference." in refused(supervisor, first, "HL-1999-00001")
    assert "at least 10 characters" in refused(supervisor, first, second.reference, reason="dup")
    assert "only duplicates you logged yourself" in refused(world.actor("responder2"), first, second.reference)
    contacts.contact_open_family_case(actor=world.actor("responder"), contact_id=first.pk)
    contacts.contact_open_family_case(actor=world.actor("responder"), contact_id=second.pk)
    assert "belong to different cases" in refused(supervisor, first, second.reference)
    assert not ContactMerge.objects.exists()


def test_merge_page_keeps_what_was_typed_on_error(world, pair):
    first, _second, _sign, _need = pair
    response = world.client("responder").post(reverse("contact_merge", args=[first.pk]), {
        "duplicate_reference": "HL-1999-00001", "reason": "Typed carefully by the responder."})
    body = response.content.decode()
    assert response.status_code == 400
    assert "No contact of your organisation has that reference." in body
    assert "Typed carefully by the responder." in body and 'value="HL-1999-00001"' in body


def test_another_organisation_cannot_merge_or_be_merged(world, pair):
    first, second, _sign, _need = pair
    outsider = world.client("outsider")
    assert outsider.post(reverse("contact_merge", args=[first.pk]), {
        "duplicate_reference": second.reference, "reason": "Trying across organisations."}).status_code in (403, 404)
    outsider_actor = world.actor("outsider", world.other_org)
    theirs = contacts.contact_log(actor=outsider_actor, channel="phone", caller_relationship="friend")
    with pytest.raises(ValidationError) as error:
        merges.contact_merge(actor=outsider_actor, contact_id=theirs.pk,
                             duplicate_reference=second.reference, reason="Trying across organisations.")
    assert "No contact of your organisation has that reference." in str(error.value)
    second.refresh_from_db()
    assert second.merged_into is None


def test_merge_through_the_api(world, pair):
    first, second, _sign, _need = pair
    response = world.client("responder").post(f"/api/v1/contacts/{first.pk}/merge/", {
        "duplicate_reference": second.reference, "reason": "Same call logged twice."}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["duplicate"] == str(second.pk) and "follow_ups" in response.json()["carried"]
    bad = world.client("responder").post(f"/api/v1/contacts/{first.pk}/merge/", {
        "duplicate_reference": second.reference, "reason": "Again"}, content_type="application/json")
    assert bad.status_code == 400 and "duplicate_reference" in bad.json()
