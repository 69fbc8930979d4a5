"""Each organisation's own emergency numbers, public language, limits of confidentiality (E4) and
quick exit: set by its org admins, shown on its public pages and its helpline screens, never another's."""

import random
import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from offramp.core.blind_index import valid_phone
from offramp.core.demo.demo import ORGS
from offramp.core.demo.phones import demo_phone
from offramp.core.models import DEFAULT_CONFIDENTIALITY_LIMITS, Organization
from offramp.core.services import organization_create
from offramp.helpline import help_page
from offramp.helpline.models import SurveyInvitation
from offramp.helpline.services import contacts

HARBOR_LIMITS = "Harbor Bridge shares what you say only with its duty team, unless a life is at risk."


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def spain(world):
    """The other organisation works in Spain: its own numbers, Spanish public pages, its own words."""
    Organization.objects.filter(pk=world.other_org.pk).update(
        country="ES", subdivision="MD", time_zone="Europe/Madrid", emergency_number="112", crisis_line="024",
        public_language="es", confidentiality_limits=HARBOR_LIMITS, quick_exit_url="https://www.eltiempo.es/")
    world.other_org.refresh_from_db()
    return world.other_org


def _visible(html: str) -> str:
    """The page without its tokens (CSRF, form token), whose random letters could hold any number."""
    return re.sub(r"""(value|hx-headers)=("[^"]*"|'[^']*')""", "", html)


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def _send(client, slug, path_suffix="", **overrides):
    data = {"name": "Rosalind", "phone": "+34 612 345 678", "email": "", "when_to_reach": "after 6 pm",
            "worry": "My nephew shares hateful videos.", "language": "es",
            "started": help_page.form_token(issued_at=time.time() - 10)}
    data.update(overrides)
    return client.post(reverse("help_request", args=[slug]) + path_suffix, data)


# ---- numbers ---------------------------------------------------------------------------------------

def test_each_public_page_gives_its_own_organisations_numbers(world, spain):
    ours = _visible(Client().get(reverse("help_request", args=["northstar"])).content.decode())
    theirs = _visible(Client().get(reverse("help_request", args=["harbor"])).content.decode())
    assert "911" in ours and "988" in ours and "112" not in ours and "024" not in ours
    assert "112" in theirs and "024" in theirs and "911" not in theirs and "988" not in theirs


def test_thanks_and_limited_pages_give_the_organisations_numbers(world, spain):
    thanks = _visible(Client().get(reverse("help_request_thanks", args=["harbor"])).content.decode())
    assert "112" in thanks and "024" in thanks and "911" not in thanks
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(help_page.PER_ADDRESS_PER_HOUR):
        assert _send(client, "harbor").status_code == 302
    limited = _send(client, "harbor")
    assert limited.status_code == 429
    page = _visible(limited.content.decode())
    assert "112" in page and "024" in page and "911" not in page


def test_without_a_crisis_line_only_the_emergency_number_is_given(world, spain):
    Organization.objects.filter(pk=spain.pk).update(crisis_line="")
    page = _visible(Client().get(reverse("help_request", args=["harbor"]) + "?lang=en").content.decode())
    numbers = page.split("public-emergency-numbers", 1)[1].split("</p>")[0]
    assert "call 112 now." in numbers and "crisis" not in numbers, numbers


def test_the_confirmation_email_gives_the_organisations_number(world, spain, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(Client(), "harbor", email="rosalind@example.org", confirm_by_email="on")
    assert len(mail.outbox) == 1 and "112" in mail.outbox[0].body and "911" not in mail.outbox[0].body


def test_the_contact_page_falls_back_to_the_organisations_numbers(world, spain):
    """No emergency guidance written: the safety panel still names the organisation's numbers."""
    ours = contacts.contact_log(actor=world.actor("responder"), channel="phone", caller_relationship="sibling",
                                self_harm=True)
    theirs = contacts.contact_log(actor=world.actor("outsider", spain), channel="phone",
                                  caller_relationship="sibling", self_harm=True)
    page = _visible(world.client("responder").get(reverse("contact_detail", args=[ours.pk])).content.decode())
    assert "911" in page and "988" in page and "112" not in page and "024" not in page
    page = _visible(world.client("outsider").get(reverse("contact_detail", args=[theirs.pk])).content.decode())
    assert "112" in page and "024" in page and "911" not in page and "988" not in page


# ---- limits of confidentiality -----------------------------------------------------------------

def test_limits_of_confidentiality_on_the_public_page_before_the_form(world, spain):
    ours = Client().get(reverse("help_request", args=["northstar"])).content.decode()
    standard = str(DEFAULT_CONFIDENTIALITY_LIMITS)
    assert standard.replace("'", "&#x27;") in ours  # blank: the standard wording
    assert ours.index("What stays confidential") < ours.index("<form method=\"post\"")
    theirs = Client().get(reverse("help_request", args=["harbor"]) + "?lang=en").content.decode()
    assert HARBOR_LIMITS in theirs and standard.replace("'", "&#x27;") not in theirs


def test_limits_of_confidentiality_folded_on_the_contact_screen(world, spain):
    ours = world.client("responder").get(reverse("contact_create")).content.decode()
    folded = ours.split('<details class="confidentiality-limits', 1)[1].split("</details>")[0]
    assert "the law requires us to report it" in folded and HARBOR_LIMITS not in ours
    assert ours.index("confidentiality-limits") < ours.index('id="contact-form"')  # near the top
    theirs = world.client("outsider").get(reverse("contact_create")).content.decode()
    assert HARBOR_LIMITS in theirs and "the law requires us to report it" not in theirs


# ---- language of the public pages ----------------------------------------------------------------

def test_public_pages_speak_the_organisations_language_whatever_the_browser_asks(world, spain):
    assert _lang(Client().get(reverse("help_request", args=["harbor"]),
                              HTTP_ACCEPT_LANGUAGE="en").content.decode()) == "es"
    assert _lang(Client().get(reverse("help_request", args=["northstar"]),
                              HTTP_ACCEPT_LANGUAGE="es").content.decode()) == "en"
    # A language cookie set on the staff pages does not change the published page either.
    client = Client()
    client.cookies["django_language"] = "en"
    assert _lang(client.get(reverse("help_request", args=["harbor"])).content.decode()) == "es"


def test_the_language_switch_is_a_plain_link_carried_to_the_thanks_page(world, spain):
    page = Client().get(reverse("help_request", args=["harbor"])).content.decode()
    assert 'href="/help/harbor/?lang=en" hreflang="en" lang="en"' in page
    assert '<span aria-current="true">Español</span>' in page
    english = Client().get(reverse("help_request", args=["harbor"]) + "?lang=en")
    assert _lang(english.content.decode()) == "en" and "Ask for a confidential call-back" in english.content.decode()
    assert 'name="language"' in english.content.decode()  # the call-back language defaults to the page's
    assert re.search(r'<option value="en"[^>]*selected', english.content.decode())
    sent = _send(Client(), "harbor", "?lang=en")
    assert sent.status_code == 302 and sent["Location"] == "/help/harbor/thanks/?lang=en"
    assert _lang(Client().get(sent["Location"]).content.decode()) == "en"
    assert _lang(Client().get(reverse("help_request", args=["harbor"]) + "?lang=xx").content.decode()) == "es"


def test_the_survey_page_speaks_the_organisations_language(world, spain):
    SurveyInvitation.objects.create(organization=spain, token="harbor-survey-token")
    page = Client().get(reverse("survey", args=["harbor-survey-token"])).content.decode()
    assert _lang(page) == "es" and 'href="https://www.eltiempo.es/"' in page
    assert _lang(Client().get(reverse("survey", args=["harbor-survey-token"]) + "?lang=en").content.decode()) == "en"


# ---- quick exit --------------------------------------------------------------------------------------

def test_every_public_page_has_a_quick_exit_that_works_without_javascript(world, spain):
    SurveyInvitation.objects.create(organization=world.org, token="northstar-survey-token")
    pages = [reverse("help_request", args=["northstar"]), reverse("help_request_thanks", args=["northstar"]),
             reverse("survey", args=["northstar-survey-token"]), reverse("survey", args=["no-such-link"])]
    for path in pages:
        response = Client().get(path)
        html = response.content.decode()
        link = re.search(r'<a class="quick-exit" href="([^"]+)" rel="noreferrer"[^>]*>([^<]+)</a>', html)
        assert link and link.group(1) == "https://www.bbc.com/weather", path
        assert link.group(2) == "Leave this site quickly"
        assert html.index('class="quick-exit"') < html.index("<main")  # at the top, before the page
        # No inline script: the only scripts are files from the site, as the policy requires.
        assert all(re.search(r'src="/static/', tag) for tag in re.findall(r"<script[^>]*>", html)), path
        assert "script-src 'self'" in response["Content-Security-Policy"]
    theirs = Client().get(reverse("help_request", args=["harbor"])).content.decode()
    assert '<a class="quick-exit" href="https://www.eltiempo.es/" rel="noreferrer"' in theirs


def test_the_quick_exit_script_is_served_from_the_site(world):
    from django.contrib.staticfiles import finders

    script = open(finders.find("offramp/quick-exit.js")).read()
    assert "location.replace" in script and "data-quick-exit" in script


# ---- settings: who edits them, what is refused ---------------------------------------------------

def _settings_form(**overrides):
    data = {"name": "Northstar Exit", "slug": "northstar", "country": "US", "subdivision": "",
            "time_zone": "America/New_York", "workday_start": "09:00", "workday_end": "17:00",
            "working_weekdays": "01234", "case_reference_prefix": "OFR", "small_cell_threshold": 11,
            "emergency_guidance": "", "emergency_number": "911", "crisis_line": "988",
            "confidentiality_limits": "", "public_language": "en", "quick_exit_url": "https://www.bbc.com/weather"}
    data.update(overrides)
    return data


def test_an_org_admin_sees_and_changes_the_settings(world):
    url = reverse("admin:core_organization_change", args=[world.org.pk])
    client = world.client("admin")
    form = client.get(url).content.decode()
    for field, value in (("emergency_number", "911"), ("crisis_line", "988"),
                         ("quick_exit_url", "https://www.bbc.com/weather")):
        assert re.search(rf'name="{field}" value="{re.escape(value)}"', form), field
    assert re.search(r'<option value="en" selected>', form)
    assert "shown as &#x27;&lt;N&#x27;" in form  # help texts are text: '<N' is not swallowed as a tag
    response = client.post(url, _settings_form(
        emergency_number="+1 911", crisis_line="", public_language="es", confidentiality_limits="Our own words.",
        quick_exit_url="https://weather.example.org/"))
    assert response.status_code == 302, response.content.decode()[:3000]
    world.org.refresh_from_db()
    assert (world.org.emergency_number, world.org.crisis_line, world.org.public_language) == ("+1 911", "", "es")
    assert world.org.confidentiality_limits_shown == "Our own words."
    page = _visible(Client().get(reverse("help_request", args=["northstar"])).content.decode())
    assert _lang(page) == "es" and "+1 911" in page and "988" not in page and "Our own words." in page


@pytest.mark.parametrize("persona", ["supervisor", "manager", "responder", "auditor", "evaluator"])
def test_other_roles_are_refused_the_settings(world, persona):
    url = reverse("admin:core_organization_change", args=[world.org.pk])
    client = world.client(persona)
    assert client.get(url).status_code == 403
    assert client.post(url, _settings_form(emergency_number="000")).status_code == 403
    world.org.refresh_from_db()
    assert world.org.emergency_number == "911"


def test_another_organisations_settings_are_not_found(world):
    url = reverse("admin:core_organization_change", args=[world.other_org.pk])
    assert world.client("admin").get(url).status_code == 404
    assert world.client("admin").post(url, _settings_form(emergency_number="000")).status_code == 404
    world.other_org.refresh_from_db()
    assert world.other_org.emergency_number == "911"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("emergency_number", "", "This field is required."),
    ("emergency_number", "call 911", "digits, spaces and + only."),
    ("emergency_number", "91+1", "digits, spaces and + only."),
    ("crisis_line", "988 or 911", "digits, spaces and + only, or leave it empty."),
    ("quick_exit_url", "http://www.bbc.com/weather", "Give an address that starts with https://."),
    ("quick_exit_url", "javascript:alert(1)", "Enter a valid URL."),
    ("public_language", "fr", "Select a valid choice."),
])
def test_settings_are_validated_with_clear_messages(world, field, value, message):
    url = reverse("admin:core_organization_change", args=[world.org.pk])
    response = world.client("admin").post(url, _settings_form(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "errornote" in page
    world.org.refresh_from_db()
    assert (world.org.emergency_number, world.org.crisis_line, world.org.quick_exit_url) == (
        "911", "988", "https://www.bbc.com/weather")


# ---- the demo -------------------------------------------------------------------------------------------

def test_the_demo_organisations_work_in_different_countries_with_their_own_numbers(db):
    made = [organization_create(**{k: v for k, v in spec.items() if k != "locale"}) for spec in ORGS]
    northstar, puente = made
    assert (northstar.country, northstar.emergency_number, northstar.crisis_line, northstar.public_language) == (
        "US", "911", "988", "en")
    assert (puente.country, puente.emergency_number, puente.crisis_line, puente.public_language) == (
        "ES", "112", "024", "es")
    page = _visible(Client().get(reverse("help_request", args=["puente"])).content.decode())
    assert "112" in page and "911" not in page and _lang(page) == "es"
    rng = random.Random(7)
    for org in made:
        number = demo_phone(org.country, rng)
        assert number.startswith({"US": "+1 ", "ES": "+34 6"}[org.country]) and valid_phone(number, org.country)
