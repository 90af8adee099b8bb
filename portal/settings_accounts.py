"""Accounts: the user model, passwords, allauth (login by address, verification, rate limits)
and allauth's second factor.

A part of ``portal/settings.py`` (which star-imports it) of its own because it is one concern,
read together when someone asks how login works, and because nothing in it depends on the
environment: the two values that follow debug mode (the protocol of allauth's links, WebAuthn
on plain http://localhost) stay in ``settings.py``, next to ``DEBUG``. Nothing here is
overridden by the production block there.
"""

AUTH_USER_MODEL = "portal.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Wagtail sends a logged-in user without admin access to the login page with ?next=/admin/;
# redirecting authenticated users away from it would send them straight back: a redirect loop.
# So, like Django's and Wagtail's own login views, show the form (with Wagtail's message).
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults, spelled out because the issue asks for them: failed logins are limited
# per IP and per account; a password reset mail per address only every few minutes.
# The "key" of login_failed is address + IP (portal/adapters.py), so five wrong passwords lock
# an address only from where they came, never the person everywhere; "10/m/ip" stays global.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# A second factor is an authenticator app (TOTP) or a security key / passkey (WebAuthn, needs
# the fido2 package from allauth[mfa]); recovery codes are the fallback for either. Passkeys are
# a second factor after the password, not a password-free login (MFA_PASSKEY_LOGIN_ENABLED off).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Qualifizierungsportal Straffälligenhilfe"
# Adding, removing or changing an email address asks for the password (or a code) again when
# the last login is older than ACCOUNT_REAUTHENTICATION_TIMEOUT (allauth's default, 5 minutes);
# so do turning MFA off and new recovery codes (MFA_REAUTHENTICATION_REQUIRED, on by default).
# Note: allauth refuses to add an address to an account with MFA (MFA_ALLOW_UNVERIFIED_EMAIL).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
MFA_REAUTHENTICATION_REQUIRED = True
