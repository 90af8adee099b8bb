from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Region, User


def grouped_region_choices(blank_label="---------", value="pk"):
    """Regions as option groups per federal state; the state itself is the first option."""
    regions = list(Region.objects.select_related("parent"))
    choices = [("", blank_label)]
    for state in (r for r in regions if r.parent_id is None):
        label = _("%(state)s (whole state)") % {"state": state.label}
        options = [(getattr(state, value), label)]
        options += [(getattr(r, value), r.label) for r in regions if r.parent_id == state.pk]
        choices.append((state.label, options))
    return choices


def gender_is_asked() -> bool:
    """Is the voluntary gender field switched on (``SiteSettings.ask_gender`` of the default
    site)? The profile form and the funders' report both ask this."""
    from portal.models import SiteSettings

    return bool(
        SiteSettings.objects.filter(site__is_default_site=True)
        .values_list("ask_gender", flat=True)
        .first()
    )


GENDER_HELP = _(
    "Voluntary. Asked only because a funder of our programmes requires it: it appears only "
    "as counts in reports to funders, and only where every group has at least three people. "
    "You may choose “prefer not to say”, leave it empty or change it at any time."
)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "organisation",
            "position",
            "audience",
            "region",
            "gender",
            "language",
        ]
        labels = {"audience": _("Field of work")}
        help_texts = {"gender": GENDER_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not gender_is_asked():
            del self.fields["gender"]  # only while the site settings ask for it
        for name in User.PROFILE_FIELDS:
            self.fields[name].required = True
        self.fields["region"].widget.choices = grouped_region_choices()
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "organisation": "organization",
            "position": "organization-title",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and my personal data for good."), required=True
    )


class LoginForm(allauth_forms.LoginForm):
    """allauth's login without the "forgot your password?" link between the two fields.

    allauth puts the link into the password field's help text, which our fields render before
    the input (hints belong above a field), so Tab went e-mail → link → password, and a person
    who typed the password and pressed Enter could land on the reset page. The template
    (``account/login.html``) puts the link after the button instead.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].help_text = ""
