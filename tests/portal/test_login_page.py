"""The login page: e-mail, password and the button come before "Forgot your password?"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_reset_link_comes_after_the_password_and_the_button(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    login = html.index('name="login"')
    password = html.index('name="password"')
    button = html.index('type="submit"', password)
    reset = html.index(f'href="{reverse("account_reset_password")}"')
    assert login < password < button < reset
    # Between the two fields there is nothing to tab to.
    assert "<a " not in html[login:password]


def test_a_wrong_password_still_shows_the_reset_link(client):
    response = client.post(
        reverse("account_login"), {"login": "niemand@example.org", "password": "falsch-falsch"}
    )
    assert response.status_code == 200
    assert reverse("account_reset_password") in response.content.decode()
