"""Cross-organisation account takeover through the admin: an org admin may only pick, see and manage
users of their own organisations, and may not touch the account itself (sign-in e-mail, password,
active flag, deletion) of a user who also works for an organisation they do not administer."""

import json
from html.parser import HTMLParser

import pytest

from offramp.core.models import Membership, Role, User
from offramp.core.services import membership_grant
from tests.conftest import PASSWORD, login, make_user

NEW_PASSWORD = "another-long-password-77"


class _AdminForm(HTMLParser):
    """The fields of the admin's main form as a browser would submit them (inline management
    forms included; the empty inline template, `__prefix__`, left out)."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._select, self._textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")
        if not self._in_form or "__prefix__" in (attrs.get("name") or "__prefix__"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value") or "on")
            elif kind not in ("submit", "button", "image", "file"):
                self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(response) -> dict:
    assert response.status_code == 200, response.status_code
    parser = _AdminForm()
    parser.feed(response.content.decode())
    assert parser.data, "no admin form on the page"
    return {name: values if len(values) != 1 else values[0] for name, values in parser.data.items()}


@pytest.fixture
def shared(world):
    """A case manager in Northstar who is also a supervisor at Harbor Bridge: one account, two employers."""
    user = make_user("shared@both.test", world.org, Role.CASE_MANAGER)
    membership_grant(organization=world.other_org, user=user, role=Role.SUPERVISOR)
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@offramp.test", PASSWORD, display_name="Root")


def _autocomplete(client, term=""):
    response = client.get("/admin/autocomplete/", {"app_label": "core", "model_name": "membership",
                                                   "field_name": "user", "term": term})
    assert response.status_code == 200
    return {row["id"] for row in json.loads(response.content)["results"]}


# Choosing users and organisations ------------------------------------------------------------

def test_membership_for_a_user_of_another_organisation_is_refused(world):
    outsider = world.users["outsider"]
    response = world.client("admin").post("/admin/core/membership/add/", {
        "user": str(outsider.pk), "organization": str(world.org.pk), "role": Role.SUPERVISOR})
    assert response.status_code == 200  # the form again, with its error
    assert "user" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=outsider, organization=world.org).exists()


def test_membership_in_an_organisation_not_administered_is_refused(world):
    manager = world.users["manager"]
    response = world.client("admin").post("/admin/core/membership/add/", {
        "user": str(manager.pk), "organization": str(world.other_org.pk), "role": Role.ORG_ADMIN})
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=manager, organization=world.other_org).exists()


def test_membership_for_an_own_user_is_granted(world, shared):
    client = world.client("admin")
    for user in (world.users["manager"], shared):
        response = client.post("/admin/core/membership/add/", {
            "user": str(user.pk), "organization": str(world.org.pk), "role": Role.TRAINER})
        assert response.status_code == 302
        assert Membership.objects.filter(user=user, organization=world.org, role=Role.TRAINER).exists()


def test_moving_a_membership_to_another_organisation_or_user_is_refused(world):
    membership = Membership.objects.get(user=world.users["manager"], organization=world.org)
    url = f"/admin/core/membership/{membership.pk}/change/"
    client = world.client("admin")
    data = form_data(client.get(url))
    assert client.post(url, {**data, "organization": str(world.other_org.pk)}).status_code == 200
    assert client.post(url, {**data, "user": str(world.users["outsider"].pk)}).status_code == 200
    membership.refresh_from_db()
    assert (membership.user, membership.organization) == (world.users["manager"], world.org)


def test_autocomplete_lists_only_users_of_the_admins_organisations(world, shared, superuser):
    listed = _autocomplete(world.client("admin"))
    assert str(world.users["manager"].pk) in listed and str(shared.pk) in listed
    assert str(world.users["outsider"].pk) not in listed
    assert _autocomplete(world.client("admin"), "outsider") == set()
    assert str(world.users["outsider"].pk) in _autocomplete(login(superuser), "outsider")


def test_membership_form_offers_only_own_organisations(world):
    page = world.client("admin").get("/admin/core/membership/add/").content.decode()
    assert "Northstar Exit" in page and "Harbor Bridge" not in page


def test_user_page_roles_stay_within_own_organisations(world, shared):
    client = world.client("admin")
    url = f"/admin/core/user/{shared.pk}/change/"
    page = client.get(url).content.decode()
    assert "Harbor Bridge" not in page  # neither the other organisation's roles nor the choice
    data = form_data(client.get(url))
    assert data["memberships-TOTAL_FORMS"] == "2"  # the Northstar role and one empty row
    data.update({"memberships-1-organization": str(world.other_org.pk), "memberships-1-role": Role.ORG_ADMIN})
    response = client.post(url, data)
    assert response.status_code == 200  # the inline refuses the choice
    assert not shared.memberships.filter(organization=world.other_org, role=Role.ORG_ADMIN).exists()
    data["memberships-1-organization"] = str(world.org.pk)
    assert client.post(url, data).status_code == 302
    assert shared.memberships.filter(organization=world.org, role=Role.ORG_ADMIN).exists()
    assert shared.memberships.filter(organization=world.other_org, role=Role.SUPERVISOR).exists()  # untouched


def test_org_admin_creates_a_user_inside_their_organisation(world):
    client = world.client("admin")
    data = form_data(client.get("/admin/core/user/add/"))
    data.update({"email": "newcomer@northstar.test", "display_name": "Newcomer",
                 "password1": PASSWORD, "password2": PASSWORD})
    # Without a role the account would belong nowhere: no admin but a superuser could reach it again.
    assert client.post("/admin/core/user/add/", data).status_code == 200
    assert not User.objects.filter(email="newcomer@northstar.test").exists()
    # Not in another organisation either.
    data.update({"memberships-0-organization": str(world.other_org.pk), "memberships-0-role": Role.CASE_MANAGER})
    assert client.post("/admin/core/user/add/", data).status_code == 200
    assert not User.objects.filter(email="newcomer@northstar.test").exists()
    data["memberships-0-organization"] = str(world.org.pk)
    response = client.post("/admin/core/user/add/", data)
    assert response.status_code == 302
    newcomer = User.objects.get(email="newcomer@northstar.test")
    assert list(newcomer.memberships.values_list("organization", "role")) == [(world.org.pk, Role.CASE_MANAGER)]
    assert client.get(response["Location"]).status_code == 200


# The account of a user of another organisation, or shared with one ---------------------------

def test_password_of_an_outsider_or_a_shared_account_cannot_be_set(world, shared):
    client = world.client("admin")
    for user, status in ((world.users["outsider"], 404), (shared, 403)):
        url = f"/admin/core/user/{user.pk}/password/"
        assert client.get(url).status_code == status
        response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                     "usable_password": "true"})
        assert response.status_code == status
        user.refresh_from_db()
        assert user.check_password(PASSWORD) and not user.check_password(NEW_PASSWORD)


def test_password_of_a_superuser_in_the_organisation_cannot_be_set(world, superuser):
    membership_grant(organization=world.org, user=superuser, role=Role.AUDITOR)
    url = f"/admin/core/user/{superuser.pk}/password/"
    assert world.client("admin").post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_password_of_an_own_user_can_still_be_set(world):
    manager = world.users["manager"]
    url = f"/admin/core/user/{manager.pk}/password/"
    response = world.client("admin").post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                                "usable_password": "true"})
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password(NEW_PASSWORD)


def test_shared_account_email_name_and_active_flag_are_not_changed(world, shared):
    client = world.client("admin")
    url = f"/admin/core/user/{shared.pk}/change/"
    page = client.get(url)
    data = form_data(page)
    assert "email" not in data and "is_active" not in data  # shown, not editable
    assert "../password/" not in page.content.decode()
    data.update({"email": "attacker@evil.test", "display_name": "Hijacked"})  # and no is_active: unticked
    response = client.post(url, data)
    assert response.status_code in (302, 403)
    shared.refresh_from_db()
    assert (shared.email, shared.display_name, shared.is_active) == ("shared@both.test", "Shared", True)


def test_own_user_account_is_still_managed_but_never_made_staff(world):
    client = world.client("admin")
    manager = world.users["manager"]
    url = f"/admin/core/user/{manager.pk}/change/"
    data = form_data(client.get(url))
    assert "is_superuser" not in data and "is_staff" not in data
    data.update({"display_name": "Renamed", "is_superuser": "on", "is_staff": "on"})
    data.pop("is_active", None)
    assert client.post(url, data).status_code == 302
    manager.refresh_from_db()
    assert manager.display_name == "Renamed" and not manager.is_active
    assert not manager.is_superuser and not manager.is_staff


def test_outsider_and_shared_account_cannot_be_deleted(world, shared):
    client = world.client("admin")
    outsider = world.users["outsider"]
    assert client.get(f"/admin/core/user/{outsider.pk}/delete/").status_code == 404
    assert client.post(f"/admin/core/user/{outsider.pk}/delete/", {"post": "yes"}).status_code == 404
    assert client.post(f"/admin/core/user/{shared.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/admin/core/user/", {"action": "delete_selected", "_selected_action": [str(shared.pk)],
                                                 "post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk__in=[outsider.pk, shared.pk]).count() == 2
    assert shared.memberships.count() == 2


def test_everything_about_an_outsider_is_missing(world):
    client = world.client("admin")
    outsider = world.users["outsider"]
    foreign = Membership.objects.filter(organization=world.other_org).first()
    for url in (f"/admin/core/user/{outsider.pk}/change/", f"/admin/core/user/{outsider.pk}/history/",
                f"/admin/core/user/{outsider.pk}/password/", f"/admin/core/user/{outsider.pk}/delete/",
                f"/admin/core/membership/{foreign.pk}/change/", f"/admin/core/membership/{foreign.pk}/history/",
                f"/admin/core/membership/{foreign.pk}/delete/", f"/admin/core/organization/{world.other_org.pk}/change/",
                f"/admin/core/organization/{world.other_org.pk}/history/", "/admin/core/user/999999/change/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/admin/core/user/{outsider.pk}/change/", {"email": "attacker@evil.test"})
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.email == "outsider@harbor.test"


def test_history_of_a_shared_account_is_not_shown(world, shared):
    client = world.client("admin")
    assert client.get(f"/admin/core/user/{shared.pk}/history/").status_code == 403
    assert client.get(f"/admin/core/user/{world.users['manager'].pk}/history/").status_code == 200
    own = Membership.objects.filter(organization=world.org).first()
    assert client.get(f"/admin/core/membership/{own.pk}/history/").status_code == 200


# A superuser still can --------------------------------------------------------------------------

def test_superuser_manages_any_account(world, shared, superuser):
    client = login(superuser)
    outsider = world.users["outsider"]
    response = client.post("/admin/core/membership/add/", {
        "user": str(outsider.pk), "organization": str(world.org.pk), "role": Role.TRAINER})
    assert response.status_code == 302
    assert Membership.objects.filter(user=outsider, organization=world.org, role=Role.TRAINER).exists()

    response = client.post(f"/admin/core/user/{shared.pk}/password/", {
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.check_password(NEW_PASSWORD)

    url = f"/admin/core/user/{shared.pk}/change/"
    data = form_data(client.get(url))
    data.update({"email": "shared-new@both.test"})
    data.pop("is_active", None)
    assert client.post(url, data).status_code == 302
    shared.refresh_from_db()
    assert shared.email == "shared-new@both.test" and not shared.is_active
    assert shared.memberships.count() == 2  # both organisations' roles survive the superuser's save
    assert client.get(f"/admin/core/user/{shared.pk}/history/").status_code == 200
