"""Helpline contacts: logging, the emergency path (H4, R1), follow-ups on the work queue, access."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import AuditEvent, Notification, Role, TaxonomyTerm
from offramp.core.services import membership_grant
from offramp.core.workqueue import work_queue
from offramp.helpline import vocabularies
from offramp.helpline.models import HelplineContact
from offramp.helpline.services import contacts
from tests.helpline.safety import ALL_NO


@pytest.fixture
def terms(world):
    vocab = vocabularies
    return {
        "ideologies": TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.IDEOLOGY, label="Militia"),
        "signs": TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.SIGN, label="Interest in weapons"),
        "needs": TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.NEED, label="Isolation"),
        "coaching_topics": TaxonomyTerm.objects.create(organization=world.org, vocabulary=vocab.COACHING_TOPIC,
                                                       label="Keeping the conversation open"),
    }


def _form(terms, **extra):
    data = {"channel": "phone", "inbound": "on", "caller_relationship": "parent", "caller_name": "Wilhelmina",
            "caller_phone": "+1 212 555 0123", "concern_age_band": "18_24", "concern_region": "Queens",
            "summary": "Son talks about joining a militia.", "openings": "Loves his grandmother.", **ALL_NO}
    for field, term in terms.items():
        data[field] = [str(term.pk)]
    data.update(extra)
    return data


def test_responder_logs_a_contact_with_taxonomies(world, terms):
    response = world.client("responder").post(reverse("contact_create"), _form(terms))
    assert response.status_code == 302
    contact = HelplineContact.objects.get()
    assert contact.reference.startswith("HL-") and contact.caller_name == "Wilhelmina"
    assert list(contact.signs.all()) == [terms["signs"]] and not contact.safety_concern
    page = world.client("responder").get(response["Location"]).content.decode()
    assert "Interest in weapons" in page and "Loves his grandmother." in page and "Safety concern" not in page


def test_a_safety_yes_alerts_supervisors_at_once_and_shows_guidance(world, terms, django_capture_on_commit_callbacks):
    world.org.emergency_guidance = "Call 911 now. Then page the on-call lead."
    world.org.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("responder").post(reverse("contact_create"), _form(terms, threat_to_others="yes"))
    contact = HelplineContact.objects.get()
    assert contact.emergency_alerted_at is not None
    notice = Notification.objects.get(user=world.users["supervisor"])
    assert contact.reference in notice.message and "Wilhelmina" not in notice.message
    assert ["supervisor@northstar.test"] in [m.to for m in mail.outbox]
    assert AuditEvent.objects.filter(action="emergency", object_id=str(contact.pk)).exists()
    page = world.client("responder").get(response["Location"]).content.decode()
    assert "Call 911 now. Then page the on-call lead." in page and "Record the consultation" in page
    assert notice.urgent and Notification.objects.filter(user=world.users["supervisor"], read_at=None).count() == 1


def test_consultation_is_recorded_with_the_supervisor(world, terms):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="sibling",
                                   self_harm=True)
    client = world.client("responder")
    refused = client.post(reverse("contact_consultation", args=[contact.pk]),
                          {"supervisor": world.users["manager"].pk, "text": "Talked it through."})
    assert refused.status_code == 400 and "Talked it through." in refused.content.decode()
    client.post(reverse("contact_consultation", args=[contact.pk]),
                {"supervisor": world.users["supervisor"].pk, "text": "Caller connected to 988; call back at 6."})
    contact.refresh_from_db()
    assert contact.consulted_with == world.users["supervisor"] and contact.consultation.startswith("Caller connected")


def test_follow_up_lands_on_the_work_queue_and_clears(world, terms):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="text", caller_relationship="friend")
    due = timezone.localtime(timezone.now() + timedelta(hours=3), ZoneInfo(world.org.time_zone))
    client = world.client("responder")
    client.post(reverse("follow_up_create", args=[contact.pk]), {"due_at": due.strftime("%Y-%m-%dT%H:%M")})
    items = work_queue(world.actor("responder"))
    assert [(i.kind, i.reference) for i in items] == [("follow_up", contact.reference)]
    follow_up = contact.follow_ups.get()
    client.post(reverse("follow_up_complete", args=[follow_up.pk]))
    assert work_queue(world.actor("responder")) == []


def test_bad_input_keeps_what_was_typed(world, terms):
    response = world.client("responder").post(reverse("contact_create"), _form(terms, caller_relationship="",
                                                                                 caller_email="nope"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Wilhelmina"' in body and "Son talks about joining a militia." in body
    assert not HelplineContact.objects.exists()


def test_terms_of_another_organisation_are_refused(world, terms):
    foreign = TaxonomyTerm.objects.create(organization=world.other_org, vocabulary="sign", label="Other org sign")
    with pytest.raises(Exception) as error:  # noqa: PT011 - ValidationError naming the field
        contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                             terms={"signs": [foreign.pk]})
    assert "signs" in str(error.value)


@pytest.mark.parametrize(("persona", "status"), [
    ("responder", 200), ("supervisor", 200), ("manager", 403), ("mentor", 403), ("admin", 403), ("auditor", 403),
    ("outsider", 404),
])
def test_who_sees_helpline_contacts(world, terms, persona, status):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   caller_name="Wilhelmina")
    client = world.client(persona)
    response = client.get(reverse("contact_detail", args=[contact.pk]))
    assert response.status_code == status
    assert ("Wilhelmina" in response.content.decode()) is (status == 200)
    api = client.get(f"/api/v1/contacts/{contact.pk}/")
    assert api.status_code == status


def test_outsider_with_helpline_role_sees_nothing_of_ours(world, terms):
    contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent")
    membership_grant(organization=world.other_org, user=world.users["outsider"], role=Role.HELPLINE_RESPONDER)
    assert world.client("outsider").get("/api/v1/contacts/").json()["results"] == []
    assert "HL-" not in world.client("outsider").get(reverse("helpline_queue")).content.decode()


def test_api_logs_contact_and_follow_up(world, terms):
    client = world.client("responder")
    created = client.post("/api/v1/contacts/", {
        "channel": "chat", "caller_relationship": "teacher", "immediate_danger": True,
        "signs": [terms["signs"].pk], "summary": "Student described a plan."}, content_type="application/json")
    assert created.status_code == 201 and created.json()["safety_concern"] and created.json()["emergency_alerted_at"]
    follow = client.post(f"/api/v1/contacts/{created.json()['id']}/follow-ups/",
                         {"due_at": (timezone.now() + timedelta(days=1)).isoformat()}, content_type="application/json")
    assert follow.status_code == 201
    done = client.post(f"/api/v1/follow-ups/{follow.json()['id']}/done/")
    assert done.status_code == 200 and done.json()["done_at"]
    bad = client.post("/api/v1/contacts/", {"channel": "pigeon"}, content_type="application/json")
    assert bad.status_code == 400 and {"channel", "caller_relationship"} <= set(bad.json())


def test_caller_details_are_encrypted_at_rest(world, terms):
    from tests.core.test_crypto import _raw_dump

    contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                         caller_name="Wilhelmina", caller_phone="+1 212 555 0123", summary="Militia talk at dinner.")
    dump = _raw_dump()
    assert "Wilhelmina" not in dump and "555 0123" not in dump and "Militia talk" not in dump


def test_queue_shows_follow_ups_and_concerns_awaiting_consultation(world, terms):
    unmet = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                 vulnerable_at_risk=True)
    page = world.client("supervisor").get(reverse("helpline_queue")).content.decode()
    assert "waiting for a consultation" in page and unmet.reference in page


def test_responder_turns_a_contact_into_a_family_case(world, terms):
    from offramp.cases.models import Case

    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                   caller_name="Wilhelmina", caller_phone="+1 212 555 0123", concern_name="Bertram")
    client = world.client("responder")
    response = client.post(reverse("contact_open_case", args=[contact.pk]))
    case = Case.objects.get(helpline_contacts=contact)
    assert response["Location"] == reverse("case_detail", args=[case.pk]) and case.kind == "family_support"
    roles = {(p.person.given_name, p.role) for p in case.participants.select_related("person")}
    assert roles == {("Wilhelmina", "client"), ("Bertram", "person_of_concern")}
    page = client.get(response["Location"]).content.decode()
    assert f'id="contact-{contact.pk}"' in page and "Helpline contact" in page  # in the timeline
    assert client.get(reverse("note_create", args=[case.pk])).status_code == 200  # the responder is on the team
    again = client.post(reverse("contact_open_case", args=[contact.pk]), follow=True).content.decode()
    assert "already part of case" in again


def test_a_later_contact_joins_an_existing_case(world, terms):
    contact = contacts.contact_log(actor=world.actor("supervisor"), channel="text", caller_relationship="parent")
    client = world.client("supervisor")
    refused = client.post(reverse("contact_attach_case", args=[contact.pk]), {"case_reference": world.other_case.reference})
    assert refused.status_code == 400 and "No case you are on" in refused.content.decode()
    client.post(reverse("contact_attach_case", args=[contact.pk]), {"case_reference": world.case.reference.lower()})
    contact.refresh_from_db()
    assert contact.case_id == world.case.pk
    assert contact.reference in world.client("manager").get(reverse("case_detail", args=[world.case.pk])).content.decode()


def test_contacts_take_their_place_in_the_case_timeline_across_pages(world):
    """30 notes and 4 contacts make two pages of 25 entries; each shows once, in its place."""
    from offramp.cases.services import note_create

    def at(hours):
        return timezone.now() - timedelta(hours=hours)

    for hour in range(1, 31):  # notes 1..30 hours ago; page 1 holds 1..25, page 2 holds 26..30
        note_create(actor=world.actor("manager"), case_id=world.case.pk, note_type="call", channel="phone",
                    direction="outbound", occurred_at=at(hour), narrative=f"Note {hour} hours ago.", sign=True)
    placed = {}
    for name, hours in (("newest", 0.5), ("middle", 10.5), ("boundary", 25.5), ("oldest", 40)):
        contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                       received_at=at(hours))
        contacts.contact_attach_to_case(actor=world.actor("supervisor"), contact_id=contact.pk,
                                        case_reference=world.case.reference)
        placed[name] = contact
    client = world.client("manager")
    first = client.get(reverse("case_detail", args=[world.case.pk])).content.decode()
    older = re.search(r'href="(\?before=[^"#]+)', first).group(1)
    second = client.get(reverse("case_detail", args=[world.case.pk]) + older).content.decode()
    for name, page, other in (("newest", first, second), ("middle", first, second),
                              ("boundary", second, first), ("oldest", second, first)):
        marker = f'id="contact-{placed[name].pk}"'
        assert page.count(marker) == 1 and marker not in other, name
    assert first.index("Note 10 hours ago.") < first.index(f'id="contact-{placed["middle"].pk}"') < first.index(
        "Note 11 hours ago.")
    # Page one: the newest contact, notes 1-10, the middle contact, notes 11-23 (25 entries).
    assert "Note 23 hours ago." in first and "Note 24 hours ago." not in first and "Note 24 hours ago." in second
    assert second.index("Note 25 hours ago.") < second.index(f'id="contact-{placed["boundary"].pk}"') < second.index(
        "Note 26 hours ago.")
    newer = re.search(r'href="(\?after=[^"#]+)', second).group(1)
    assert client.get(reverse("case_detail", args=[world.case.pk]) + newer).content.decode().count("hours ago.") == 23


def test_responders_open_only_family_cases(world):
    from offramp.cases.services import case_open

    with pytest.raises(Exception):  # noqa: B017 - Forbidden
        case_open(actor=world.actor("responder"), kind="individual_exit")


def test_draft_is_saved_as_typed_restored_and_cleared(world, terms):
    from offramp.helpline.models import ContactDraft

    client = world.client("responder")
    saved = client.post(reverse("contact_draft"), {"caller_name": "Wilhelmina", "signs": [str(terms["signs"].pk)],
                                                   "self_harm": "yes", "summary": "He said he has a plan."},
                        HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "Draft saved at" in saved.content.decode()
    from tests.core.test_crypto import _raw_dump

    assert "He said he has a plan." not in _raw_dump()
    page = client.get(reverse("contact_create")).content.decode()
    assert "Your unsaved draft was restored." in page and 'value="Wilhelmina"' in page
    assert "He said he has a plan.</textarea>" in page and 'name="self_harm" value="yes" required id="id_self_harm_0" checked' in page
    assert "Safety concern: act now" in page  # the restored "yes" shows the emergency panel again
    assert world.client("supervisor").get(reverse("contact_create")).content.decode().count("Wilhelmina") == 0
    client.post(reverse("contact_create"), _form(terms))
    assert ContactDraft.objects.get().data is None
    assert "restored" not in client.get(reverse("contact_create")).content.decode()


def test_draft_can_be_discarded_and_is_for_helpline_staff_only(world):
    client = world.client("responder")
    client.post(reverse("contact_draft"), {"caller_name": "Wilhelmina"})
    client.post(reverse("contact_draft_discard"))
    assert "restored" not in client.get(reverse("contact_create")).content.decode()
    assert world.client("manager").post(reverse("contact_draft"), {"caller_name": "x"}).status_code == 403


def test_a_late_autosave_cannot_bring_back_a_saved_contacts_draft(world, terms):
    client = world.client("responder")
    client.post(reverse("contact_draft"), {"caller_name": "Wilhelmina", "draft_key": "form-1"})
    client.post(reverse("contact_create"), _form(terms, draft_key="form-1"))
    client.post(reverse("contact_draft"), {"caller_name": "Wilhelmina", "draft_key": "form-1"})  # in flight
    assert "restored" not in client.get(reverse("contact_create")).content.decode()
    client.post(reverse("contact_draft"), {"caller_name": "Next caller", "draft_key": "form-2"})
    assert "Next caller" in client.get(reverse("contact_create")).content.decode()


def test_repeat_caller_is_recognised_by_phone_or_email(world, terms):
    first = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="parent",
                                 caller_phone="+1 212 555 0123")
    client = world.client("responder")
    found = client.post(reverse("contact_lookup"), {"caller_phone": "(212) 555-0123"}, HTTP_HX_REQUEST="true")
    assert first.reference in found.content.decode() and "once before" in found.content.decode()
    nothing = client.post(reverse("contact_lookup"), {"caller_phone": "(212) 555-0999"})
    assert "before" not in nothing.content.decode()
    second = contacts.contact_log(actor=world.actor("responder"), channel="text", caller_relationship="parent",
                                  caller_phone="212.555.0123")
    page = client.get(reverse("contact_detail", args=[second.pk])).content.decode()
    assert "Earlier contacts from this caller" in page and first.reference in page
    first_page = client.get(reverse("contact_detail", args=[first.pk])).content.decode()
    assert second.reference not in first_page  # a later contact is not an earlier one
    assert AuditEvent.objects.filter(action="search", object_type="helpline_contact").exists()
    assert "2125550123" not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_supervisor_flags_a_hostile_caller_for_a_period(world, terms):
    contact = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="other",
                                   caller_email="troll@example.org")
    assert world.client("responder").post(reverse("caller_flag", args=[contact.pk]),
                                          {"reason": "Repeated abuse", "days": 30}).status_code == 403
    refused = world.client("supervisor").post(reverse("caller_flag", args=[contact.pk]), {"reason": "x", "days": 0})
    assert refused.status_code == 400
    world.client("supervisor").post(reverse("caller_flag", args=[contact.pk]),
                                    {"reason": "Threatened staff on three calls", "days": 30, "block": "on"})
    warning = world.client("responder").post(reverse("contact_lookup"), {"caller_email": "TROLL@example.org"})
    assert "Blocked caller" in warning.content.decode() and "Threatened staff" in warning.content.decode()


def test_guidance_for_ticked_concerns_is_shown_beside_the_form(world, terms):
    terms["signs"].guidance = "Ask calmly whether there are weapons at home."
    terms["signs"].save()
    client = world.client("responder")
    empty = client.get(reverse("contact_create")).content.decode()
    assert "Tick a movement, sign or need" in empty and "weapons at home" not in empty
    partial = client.post(reverse("contact_guidance"), {"signs": [str(terms["signs"].pk)]}, HTTP_HX_REQUEST="true")
    assert "Ask calmly whether there are weapons at home." in partial.content.decode()
    other = TaxonomyTerm.objects.create(organization=world.other_org, vocabulary="sign", label="x", guidance="Secret")
    assert "Secret" not in client.post(reverse("contact_guidance"), {"signs": [str(other.pk)]}).content.decode()
    kept = client.post(reverse("contact_create"), _form(terms, caller_relationship=""))
    assert "weapons at home" in kept.content.decode()  # shown again with the errors
