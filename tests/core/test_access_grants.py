"""Access grants: time-boxed access to one record beyond roles and teams, honoured by selectors.

A partner organisation's case manager given a referral grant reads the case (pages and API), cannot
write to it, and loses it when the grant ends or is revoked; nobody else gains anything."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from offramp.cases.selectors import case_get, case_list
from offramp.core.access import Forbidden, NotFound
from offramp.core.grants import access_grant_revoke, grant
from offramp.core.models import AccessGrant, AccessGrantKind, AccessScope, AuditEvent


def _refer(world, *, until=None, scope=AccessScope.READ):
    """Northstar's supervisor refers the case to Harbor's outsider (a partner organisation)."""
    supervisor = world.actor("supervisor")
    return grant(actor=supervisor, kind=AccessGrantKind.REFERRAL, object_type="case", object_id=world.case.pk,
                 user=world.users["outsider"], grantee_organization=world.other_org, scope=scope,
                 reason="Referred for specialist exit support", until=until or timezone.now() + timedelta(days=7))


def test_a_referral_grant_opens_the_case_read_only_to_the_partner(world):
    partner = world.actor("outsider", world.other_org)
    with pytest.raises(NotFound):
        case_get(partner, world.case.pk)
    _refer(world)
    partner = world.actor("outsider", world.other_org)  # the next request's actor
    case, access = case_get(partner, world.case.pk)
    assert case.pk == world.case.pk and access.read and not access.write_notes and not access.manage
    assert access.via_grant == AccessGrantKind.REFERRAL
    assert world.case in case_list(partner)
    with pytest.raises(Forbidden):
        case_get(partner, world.case.pk, need="write_notes")
    viewed = AuditEvent.objects.filter(action="view", object_id=str(world.case.pk), actor=world.users["outsider"])
    assert viewed.get().detail["access_grant"] == "referral"


def test_the_partner_reads_the_case_page_and_api_but_cannot_write(world):
    _refer(world)
    client = world.client("outsider")
    page = client.get(reverse("case_detail", args=[world.case.pk]))
    assert page.status_code == 200 and world.case.reference in page.content.decode()
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 200
    refused = client.post(reverse("note_create", args=[world.case.pk]), {"narrative": "x"})
    assert refused.status_code == 403
    note = {"note_type": "call", "channel": "phone", "direction": "outbound",
            "occurred_at": timezone.now().isoformat(), "narrative": "Called the family back."}
    assert client.post(f"/api/v1/cases/{world.case.pk}/notes/", note,
                       content_type="application/json").status_code == 403


def test_a_writing_grant_lets_the_partner_add_notes(world):
    _refer(world, scope=AccessScope.WRITE)
    _case, access = case_get(world.actor("outsider", world.other_org), world.case.pk, need="write_notes")
    assert access.write_notes and not access.manage


def test_an_expired_or_revoked_grant_opens_nothing(world):
    record = _refer(world)
    partner = world.actor("outsider", world.other_org)
    AccessGrant.objects.filter(pk=record.pk).update(granted_at=timezone.now() - timedelta(days=2),
                                                    expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(NotFound):
        case_get(partner, world.case.pk)
    live = _refer(world)
    assert world.actor("outsider", world.other_org).holds_grants
    access_grant_revoke(actor=world.actor("supervisor"), grant_id=live.pk)
    with pytest.raises(NotFound):
        case_get(partner, world.case.pk)
    assert world.case not in case_list(partner)


def test_a_grant_is_for_one_person_in_one_organisation(world):
    _refer(world)
    # The same person acting in no other organisation, a colleague of theirs, and Northstar staff
    # off the case gain nothing from it.
    with pytest.raises(NotFound):
        case_get(world.actor("other_manager"), world.case.pk)
    with pytest.raises(NotFound):
        case_get(world.actor("responder"), world.case.pk)


def test_only_the_granter_or_an_org_admin_revokes_and_other_organisations_see_nothing(world):
    record = _refer(world)
    with pytest.raises(Forbidden):
        access_grant_revoke(actor=world.actor("manager"), grant_id=record.pk)
    with pytest.raises(NotFound):
        access_grant_revoke(actor=world.actor("outsider", world.other_org), grant_id=record.pk)
    with pytest.raises(NotFound):
        access_grant_revoke(actor=world.actor("supervisor"), grant_id="not-an-id")
    revoked = access_grant_revoke(actor=world.actor("admin"), grant_id=record.pk)
    assert revoked.revoked_at is not None and revoked.revoked_by == world.users["admin"]
