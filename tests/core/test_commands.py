"""The offramp command: key rotation, synthetic data, demo data, benchmark."""

import base64
import json

import pytest
from django.core.management import call_command

from offramp.cases.models import Case, Note
from offramp.core.crypto import key_version_of, keyring
from offramp.core.models import OrganizationKey, User
from offramp.people.models import Person


def test_rotate_keys_reencrypts_everything_and_rewraps_under_a_new_master_key(world, settings):
    old_master = settings.OFFRAMP_MASTER_KEYS[0]
    new_master = base64.b64encode(b"n" * 32).decode()
    settings.OFFRAMP_MASTER_KEYS = [new_master, old_master]
    keyring.clear()
    call_command("rotate_keys")
    settings.OFFRAMP_MASTER_KEYS = [new_master]  # the old master key is no longer needed
    keyring.clear()
    person = Person.objects.get(pk=world.client_person.pk)
    assert person.given_name == "Zephyrine"
    assert key_version_of(Person.objects.filter(pk=person.pk).values_list("given_name", flat=True)[0]) == 2
    assert OrganizationKey.objects.filter(organization=world.org, purpose="data", active=True).get().version == 2
    assert Case.objects.get(pk=world.case.pk).summary == "Worried mother called about her son."


def test_scale_seed_makes_a_realistic_data_set(db):
    call_command("seed", "--scale", "30", "--notes-per-case", "3")
    assert Case.objects.count() == 30
    assert Note.objects.count() >= 90
    assert Person.objects.count() >= 30
    from offramp.helpline.models import CallerFlag, HelpRequest

    # The helpline page carries its full load: requests waiting, some from flagged callers.
    assert HelpRequest.objects.exclude(status=HelpRequest.Status.DONE).count() == 20
    assert CallerFlag.objects.count() == 5


def test_demo_seed_has_every_role_and_is_idempotent(db):
    call_command("seed", "--scale", "demo")
    call_command("seed", "--scale", "demo")
    from offramp.core.models import Membership, Role

    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(is_demo=True).count() >= 20
    assert Case.objects.count() == 36 and Note.objects.filter(signed_at__isnull=True).exists()
    from offramp.instruments.models import InstrumentResponse

    # Questionnaires, through the instruments services: completed check-ins and a draft in each organisation.
    for slug in ("northstar", "puente"):
        responses = InstrumentResponse.objects.filter(organization__slug=slug,
                                                      version__instrument__key="wellbeing-checkin")
        assert responses.filter(status="complete").exclude(scores={}).count() == 4
        assert responses.filter(status="draft").count() == 1
    # The contact form has its own "unclear" tick; no ideology term says it again, or figures count it twice.
    from offramp.core.models import TaxonomyTerm
    from offramp.helpline.vocabularies import IDEOLOGY

    ideologies = TaxonomyTerm.objects.filter(vocabulary=IDEOLOGY).values_list("label", flat=True)
    assert ideologies and not [label for label in ideologies if "unclear" in label.lower()]


def test_demo_seed_refuses_a_demo_that_stopped_part_way(db, monkeypatch):
    """No transaction holds the whole load (each service commits on its own), so a load that failed
    leaves what it made, and the next run refuses to add to it."""
    from django.core.management.base import CommandError

    from offramp.core.demo import registry

    monkeypatch.setattr(registry, "_parts", dict(registry._parts))

    def broken(ctx):
        if ctx.organization.slug == "puente":
            raise RuntimeError("the disk is full")

    registry.register(registry.DemoPart("broken", order=10_000, load_demo=broken))
    with pytest.raises(RuntimeError, match="disk is full"):
        call_command("seed", "--scale", "demo")
    assert Case.objects.filter(organization__slug="northstar").count() == 18
    registry.unregister("broken")
    with pytest.raises(CommandError, match="did not finish loading.*empty database"):
        call_command("seed", "--scale", "demo")
    assert Case.objects.filter(organization__slug="puente").count() == 18  # nothing was added


@pytest.fixture
def spy_parts(monkeypatch):
    """Every registered demo part wrapped to record its calls, plus a test part; all undone afterwards."""
    from offramp.core.demo import registry

    monkeypatch.setattr(registry, "_parts", dict(registry._parts))
    calls = []

    def spy(part):
        def load_demo(ctx):
            calls.append((part.name, ctx.organization.slug, sorted(ctx.shared)))
            ctx.shared.setdefault("parts", []).append(part.name)  # parts share a dict per organisation
            part.load_demo(ctx)
        return registry.DemoPart(part.name, part.order, load_demo=load_demo, load_scale=part.load_scale)

    registry.register(registry.DemoPart("test-part", order=10_000, load_demo=lambda ctx: None))
    for part in registry.parts():
        registry.register(spy(part))
    yield calls


def test_demo_seed_asks_every_registered_part_once_per_organisation(db, spy_parts):
    from offramp.core.demo import registry
    from offramp.core.demo.demo import ORGS

    names = [part.name for part in registry.parts()]
    assert {"cases", "helpline", "test-part"} <= set(names) and names[-1] == "test-part"
    call_command("seed", "--scale", "demo")
    expected = [(name, spec["slug"], ["parts"] if position else [])
                for spec in ORGS for position, name in enumerate(names)]
    assert spy_parts == expected
    assert Case.objects.filter(organization__slug="puente").count() == 18


def test_scale_seed_asks_every_part_with_scale_data(db, monkeypatch):
    from offramp.core.demo import registry
    from offramp.core.models import Role

    monkeypatch.setattr(registry, "_parts", dict(registry._parts))
    seen = []
    registry.register(registry.DemoPart("test-part", order=10_000, load_demo=lambda ctx: None,
                                        load_scale=lambda ctx: seen.append((ctx.organization.slug, ctx.cases,
                                                                            sorted(ctx.staff)))))
    call_command("seed", "--scale", "4", "--notes-per-case", "1")
    assert seen == [("scale-4", 4, sorted([Role.CASE_MANAGER, Role.PEER_MENTOR, Role.SUPERVISOR,
                                           Role.HELPLINE_RESPONDER]))]
    assert Case.objects.count() == 4  # the cases part ran too


def test_bench_reports_every_endpoint(db, tmp_path):
    call_command("seed", "--scale", "20", "--notes-per-case", "2")
    out = tmp_path / "bench.json"
    call_command("bench", "--requests", "3", "--output", str(out))
    report = json.loads(out.read_text())
    assert report["data"]["cases"] == 20 and report["data"]["assessments"] > 0 and report["data"]["goals"] > 0
    endpoints = {row["endpoint"] for row in report["results"]}
    assert {"work queue (case manager)", "case page (supervisor)", "note creation (POST, signed)",
            "case page, assessed and planned (supervisor)"} <= endpoints
    assert all(row["p95_ms"] > 0 and row["queries"] > 0 for row in report["results"][1:])


def test_offramp_command_accepts_hyphenated_names():
    import os
    import subprocess
    import sys
    from pathlib import Path

    command = Path(sys.executable).parent / "offramp"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "offramp.settings.test"}
    result = subprocess.run([str(command), "rotate-keys", "--help"], capture_output=True, text=True, env=env,  # noqa: S603
                            timeout=60, check=False)
    assert result.returncode == 0 and "Rotate encryption keys" in result.stdout
