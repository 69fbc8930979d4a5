"""The API: tokens, schema, the same operations and rules as the pages, clear errors."""

from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.core.models import ApiToken


def _token_client(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _make_token(world, persona="manager") -> str:
    page = world.client(persona).post(reverse("settings"), {"name": "reporting script"})
    body = page.content.decode()
    start = body.index('<p class="secret">') + len('<p class="secret">')
    return body[start:body.index("</p>", start)]


def test_token_created_in_settings_is_shown_once_and_stored_hashed(world):
    secret = _make_token(world)
    token = ApiToken.objects.get(user=world.users["manager"])
    assert secret.startswith("ofr_") and token.digest != secret and secret not in token.digest
    assert secret not in world.client("manager").get(reverse("settings")).content.decode()
    response = _token_client(secret).get("/api/v1/me/")
    assert response.status_code == 200 and response.json()["organization"] == "Northstar Exit"


def test_revoked_token_stops_working(world):
    secret = _make_token(world)
    token = ApiToken.objects.get(user=world.users["manager"])
    world.client("manager").post(reverse("api_token_revoke", args=[token.pk]))
    assert _token_client(secret).get("/api/v1/me/").status_code == 401


def test_someone_elses_token_cannot_be_revoked(world):
    _make_token(world)
    token = ApiToken.objects.get(user=world.users["manager"])
    assert world.client("mentor").post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_command(world, capsys):
    call_command("token", "create", "--user", "mentor@northstar.test")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert _token_client(secret).get(f"/api/v1/cases/{world.case.pk}/").status_code == 200


def test_unknown_token_is_refused(db):
    assert _token_client("ofr_nonsense").get("/api/v1/me/").status_code == 401
    assert Client().get("/api/v1/me/").status_code in (401, 403)


def test_schema_and_docs_are_served(db):
    schema = Client().get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/cases/" in schema.content
    assert Client().get("/api/docs/").status_code == 200


def test_case_and_note_round_trip(world):
    client = _token_client(_make_token(world))
    created = client.post("/api/v1/cases/", {"kind": "prevention", "summary": "School referral"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["reference"].startswith("OFR-")
    case_id = created.json()["id"]
    note = client.post(f"/api/v1/cases/{case_id}/notes/", {
        "note_type": "call", "channel": "phone", "direction": "outbound",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(), "narrative": "Called the school."},
        content_type="application/json")
    assert note.status_code == 201 and note.json()["signed_at"] is None
    signed = client.post(f"/api/v1/notes/{note.json()['id']}/sign/")
    assert signed.status_code == 200 and signed.json()["signed_at"]
    listing = client.get(f"/api/v1/cases/{case_id}/notes/").json()
    assert [n["narrative"] for n in listing["results"]] == ["Called the school."]
    moved = client.post(f"/api/v1/cases/{case_id}/transitions/", {"to_status": "intake"}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["status"] == "intake"


def test_bad_input_gets_field_messages(world):
    client = world.client("manager")
    response = client.post("/api/v1/people/", {"given_name": "", "family_name": "", "contacts": [
        {"kind": "phone", "value": "12"}]}, content_type="application/json")
    assert response.status_code == 400
    assert "given_name" in response.json()
    response = client.post(f"/api/v1/cases/{world.case.pk}/notes/", {"note_type": "dance"},
                           content_type="application/json")
    assert response.status_code == 400
    assert {"note_type", "channel", "direction", "occurred_at", "narrative"} <= set(response.json())


def test_person_create_and_search_via_api(world):
    client = world.client("responder")
    created = client.post("/api/v1/people/", {"given_name": "Émile", "family_name": "Dûrand-Okafor",
                                              "contacts": [{"kind": "email", "value": "emile@example.org"}]},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    found = client.post("/api/v1/people/search/", {"name": "emile durand okafor"}, content_type="application/json")
    assert [p["id"] for p in found.json()] == [created.json()["id"]]
    empty = client.post("/api/v1/people/search/", {}, content_type="application/json")
    assert empty.status_code == 400


def test_work_queue_api(world):
    client = world.client("manager")
    client.post(f"/api/v1/cases/{world.case.pk}/notes/", {
        "note_type": "meeting", "channel": "in_person", "direction": "both",
        "occurred_at": (timezone.now() - timedelta(hours=30)).isoformat(), "narrative": "Met at the park."},
        content_type="application/json")
    items = client.get("/api/v1/work-queue/").json()
    assert len(items) == 1 and items[0]["overdue"] and items[0]["reference"] == world.case.reference
    assert (items[0]["case_id"], items[0]["person_name"], items[0]["excerpt"], items[0]["owner"]) == (
        str(world.case.pk), "Zephyrine Quillbottom", "Met at the park.", "you")


def test_draft_edit_delay_and_contact_removal_via_api(world):
    from offramp.cases.models import ResponseClock

    manager, supervisor = world.client("manager"), world.client("supervisor")
    when = (timezone.now() - timedelta(hours=2)).isoformat()
    note = manager.post(f"/api/v1/cases/{world.case.pk}/notes/", {
        "note_type": "message", "channel": "text", "direction": "inbound", "occurred_at": when,
        "narrative": "Can we talk?", "with_participant_id": str(world.case.participants.get(role="client").pk)},
        content_type="application/json").json()
    edited = manager.put(f"/api/v1/notes/{note['id']}/", {"note_type": "message", "channel": "text",
                         "direction": "inbound", "occurred_at": when, "narrative": "Can we talk tonight?"},
                         content_type="application/json")
    assert edited.status_code == 200 and edited.json()["narrative"] == "Can we talk tonight?"
    others_draft = world.client("mentor").put(f"/api/v1/notes/{note['id']}/", {
        "note_type": "message", "channel": "text", "direction": "inbound", "occurred_at": when, "narrative": "x"},
        content_type="application/json")
    assert others_draft.status_code == 404
    clock = ResponseClock.objects.get(inbound_note_id=note["id"])
    payload = {"reason": "Client asked for a quiet week", "until": (timezone.now() + timedelta(days=3)).isoformat()}
    assert manager.post(f"/api/v1/clocks/{clock.pk}/delay/", payload, content_type="application/json").status_code == 403
    delayed = supervisor.post(f"/api/v1/clocks/{clock.pk}/delay/", payload, content_type="application/json")
    assert delayed.status_code == 200 and delayed.json()["state"] == "due"
    contact = world.client_person.contact_methods.get(kind="email")
    assert manager.delete(f"/api/v1/people/{world.client_person.pk}/contacts/{contact.pk}/").status_code == 204
    found = manager.post("/api/v1/people/search/", {"email": "zq@example.org"}, content_type="application/json")
    assert found.json() == []
