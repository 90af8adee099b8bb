"""Mark django-allauth's user-visible strings for extraction into our own catalogues.

django-allauth ships a German catalogue that addresses users informally ("Du hast noch kein
Konto …") and translates "Sign In" as "Anmeldung", which on this platform means an enrolment in
a training. Our catalogue (``locale/``) comes first in ``LOCALE_PATHS``, so every msgid it holds
overrides allauth's translation; locale/de carries formal ("Sie") German for the strings below,
locale/en repeats the English text.

``makemessages`` only keeps msgids it finds in the project's source, and ``--no-obsolete`` drops
the rest, so without this module the next run would silently remove the overrides. Nothing
imports it: it exists only to be read by ``makemessages``. When you override another allauth
string, add its msgid here verbatim (as in allauth's templates and code) and translate it in
locale/de/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_lazy

MESSAGES = [
    # Translators: Formal German override of django-allauth
    _("You cannot remove your primary email address."),
    # Translators: Formal German override of django-allauth
    _("Please type your current password."),
    # Translators: Formal German override of django-allauth
    _("Invalid login."),
    # Translators: Formal German override of django-allauth
    _("You cannot add more than %d email addresses."),
    # Translators: Formal German override of django-allauth
    _("Too many failed login attempts. Try again later."),
    # Translators: Formal German override of django-allauth
    _("Your primary email address must be verified."),
    # Translators: Formal German override of django-allauth
    _("Username can not be used. Please use other username."),
    # Translators: Formal German override of django-allauth
    _("Please select only one."),
    # Translators: Formal German override of django-allauth
    _("The new value must be different from the current one."),
    # Translators: Formal German override of django-allauth
    _("Be patient, you are sending too many requests."),
    # Translators: Formal German override of django-allauth
    _("You must type the same password each time."),
    # Translators: Formal German override of django-allauth
    pgettext_lazy("field label", "Login"),
    # Translators: Formal German override of django-allauth
    _("Username or email"),
    # Translators: Formal German override of django-allauth
    _("Username, email or phone"),
    # Translators: Formal German override of django-allauth
    _("Email or phone"),
    # Translators: Formal German override of django-allauth
    _("Email (again)"),
    # Translators: Formal German override of django-allauth
    _("Email (optional)"),
    # Translators: Formal German override of django-allauth
    _("You must type the same email each time."),
    # Translators: Formal German override of django-allauth
    _("Recovery codes"),
    # Translators: Formal German override of django-allauth
    _("Sign In"),
    # Translators: Formal German override of django-allauth
    _("Sign Out"),
    # Translators: Formal German override of django-allauth
    _("Sign Up"),
    # Translators: Formal German override of django-allauth
    _("Signup"),
    # Translators: Formal German override of django-allauth
    _("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    # Translators: Formal German override of django-allauth
    _("Already have an account? Then please %(link)ssign in%(end_link)s."),
    # Translators: Formal German override of django-allauth
    _("Are you sure you want to sign out?"),
    # Translators: Formal German override of django-allauth
    _("You have signed out."),
    # Translators: Formal German override of django-allauth
    _("You are already logged in as %(user_display)s."),
    # Translators: Formal German override of django-allauth
    _("You will receive a special code for a password-free sign-in."),
    # Translators: Formal German override of django-allauth
    _("Email Address"),
    # Translators: Formal German override of django-allauth
    _("Add Email"),
    # Translators: Formal German override of django-allauth
    _("Change Email"),
    # Translators: Formal German override of django-allauth
    _("Current email"),
    # Translators: Formal German override of django-allauth
    _("Re-send Verification"),
    # Translators: Formal German override of django-allauth
    _("Do you really want to remove the selected email address?"),
    # Translators: Formal German override of django-allauth
    _("Your email address is still pending verification."),
    # Translators: Formal German override of django-allauth
    _("Your phone number is still pending verification."),
    _(
        # Translators: Formal German override of django-allauth
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an '
        "email address for user %(user_display)s."
    ),
    _(
        # Translators: Formal German override of django-allauth
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    # Translators: Formal German override of django-allauth
    _("Unable to confirm %(email)s because it is already confirmed by a different account."),
    # Translators: Formal German override of django-allauth
    _("You cannot remove your primary email address (%(email)s)."),
    # Translators: Formal German override of django-allauth
    _("You have confirmed %(email)s."),
    # Translators: Formal German override of django-allauth
    _("Removed email address %(email)s."),
    # Translators: Formal German override of django-allauth
    _("Primary email address set."),
    # Translators: Formal German override of django-allauth
    _("Verify Your Email Address"),
    _(
        # Translators: Formal German override of django-allauth
        "We have sent an email to you for verification. Follow the link "
        "provided to finalize the signup process. If you do not see the "
        "verification email in your main inbox, check your spam folder. Please "
        "contact us if you do not receive the verification email within a few "
        "minutes."
    ),
    _(
        # Translators: Formal German override of django-allauth
        "This part of the site requires us to verify that\n"
        "you are who you claim to be. For this purpose, we require that you\n"
        "verify ownership of your email address. "
    ),
    _(
        # Translators: Formal German override of django-allauth
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do "
        "not see the verification email in your main inbox, check your spam "
        "folder. Otherwise\n"
        "contact us if you do not receive it within a few minutes."
    ),
    _(
        # Translators: Formal German override of django-allauth
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change '
        "your email address</a>."
    ),
    _(
        # Translators: Formal German override of django-allauth
        "You currently do not have any email address set up. You should really "
        "add an email address so you can receive notifications, reset your "
        "password, etc."
    ),
    _(
        # Translators: Formal German override of django-allauth
        "Forgotten your password? Enter your email address below, and we'll "
        "send you an email allowing you to reset it."
    ),
    # Translators: Formal German override of django-allauth
    _("Please contact us if you have any trouble resetting your password."),
    _(
        # Translators: Formal German override of django-allauth
        "We have sent you an email. If you have not received it please check "
        "your spam folder. Otherwise contact us if you do not receive it in a "
        "few minutes."
    ),
    _(
        # Translators: Formal German override of django-allauth
        "The password reset link was invalid, possibly because it has already "
        'been used.  Please request a <a href="%(passwd_reset_url)s">new '
        "password reset</a>."
    ),
    # Translators: Formal German override of django-allauth
    _("Your password is now changed."),
    # Translators: Formal German override of django-allauth
    _("Enter Password Reset Code"),
    # Translators: Formal German override of django-allauth
    _("Hello from %(site_name)s!"),
    # Translators: Formal German override of django-allauth
    _("Thank you for using %(site_name)s!\n%(site_domain)s"),
    _(
        # Translators: Formal German override of django-allauth
        "You are receiving this email because you or someone else tried to "
        "signup for an\n"
        "account using email address:\n\n"
        "%(email)s\n\n"
        "However, an account using that email address already exists.  In case "
        "you have\n"
        "forgotten about this, please use the password forgotten procedure to "
        "recover\n"
        "your account:\n\n"
        "%(password_reset_url)s"
    ),
    _(
        # Translators: Formal German override of django-allauth
        "If you do not recognize this change then please take proper security "
        "precautions immediately. The change to your account originates "
        "from:\n\n"
        "- IP address: %(ip)s\n"
        "- Browser: %(user_agent)s\n"
        "- Date: %(timestamp)s"
    ),
    # Translators: Formal German override of django-allauth
    _("Your email has been changed from %(from_email)s to %(to_email)s."),
    # Translators: Formal German override of django-allauth
    _("Email Changed"),
    # Translators: Formal German override of django-allauth
    _("Your email has been confirmed."),
    _(
        # Translators: Formal German override of django-allauth
        "You're receiving this email because user %(user_display)s has given "
        "your email address to register an account on %(site_domain)s."
    ),
    _(
        # Translators: Formal German override of django-allauth
        "Your email verification code is listed below. Please enter it in your "
        "open browser window."
    ),
    # Translators: Formal German override of django-allauth
    _("Please Confirm Your Email Address"),
    # Translators: Formal German override of django-allauth
    _("Email Removed"),
    # Translators: Formal German override of django-allauth
    _("Your password has been changed."),
    # Translators: Formal German override of django-allauth
    _("Your password reset code is listed below. Please enter it in your open browser window."),
    _(
        # Translators: Formal German override of django-allauth
        "You're receiving this email because you or someone else has requested "
        "a password reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. "
        "Click the link below to reset your password."
    ),
    # Translators: Formal German override of django-allauth
    _("In case you forgot, your username is %(username)s."),
    # Translators: Formal German override of django-allauth
    _("Recovery Codes"),
    # Translators: Formal German override of django-allauth
    _("You are about to generate a new set of recovery codes for your account."),
    # Translators: Formal German override of django-allauth
    _("You are about to deactivate authenticator app based authentication. Are you sure?"),
]
