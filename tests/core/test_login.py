"""Signing in: password plus a second factor, throttling, idle expiry, password rules, demo mode."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from offramp.core.models import User
from tests.conftest import PASSWORD


def _password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_staff_without_second_factor_is_sent_to_set_one_up(world):
    client = Client()
    response = _password_step(client, "manager@northstar.test")
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/api/v1/me/").status_code == 403


def test_login_with_totp_second_factor(world):
    user = world.users["manager"]
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    client = Client()
    response = _password_step(client, user.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not signed in until the code is given
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200 and "Incorrect code" in response.content.decode()
    response = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and "Your work queue" in page.content.decode()


def test_recovery_codes_can_be_generated(world):
    user = world.users["manager"]
    TOTP.activate(user, pyotp.random_base32())
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(user).get_unused_codes()
    assert len(codes) >= 10
    client = Client()
    _password_step(client, user.email)
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200


def test_failed_logins_are_throttled(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, "manager@northstar.test", "wrong-password-123")
    response = _password_step(client, "manager@northstar.test")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_sessions_expire_after_idle_minutes(world):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = world.client("manager")
    assert client.get("/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + timedelta(minutes=29)  # each request pushes it forward
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("password", ["short-1", "password12345", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_passwords_are_hashed_with_argon2(db):
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher("default").algorithm in ("argon2", "md5")  # md5 only in the test settings, for speed
    from offramp.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_demo_users_skip_second_factor_only_in_demo_mode(world, settings):
    user = world.users["manager"]
    User.objects.filter(pk=user.pk).update(is_demo=True)
    client = Client()
    _password_step(client, user.email)
    assert client.get("/").status_code == 302
    settings.OFFRAMP_DEMO_MODE = True
    client = Client()
    _password_step(client, user.email)
    page = client.get("/")
    assert page.status_code == 200
    assert "signed in without a second factor" in page.content.decode()


def test_signup_is_closed(db):
    response = Client().post("/accounts/signup/", {"email": "new@x.test", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(email="new@x.test").exists()
    assert response.status_code in (200, 302, 403)


def test_authenticator_model_is_used(world):
    TOTP.activate(world.users["mentor"], pyotp.random_base32())
    assert Authenticator.objects.filter(user=world.users["mentor"], type="totp").exists()
