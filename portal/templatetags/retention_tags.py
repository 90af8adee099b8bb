"""The retention periods as the privacy page states them, read from the settings
(``portal.retention.periods``), so that the page and ``manage.py apply_retention`` agree."""

from django import template
from django.conf import settings
from django.utils.translation import ngettext

from portal.retention import enrollment_days, periods

register = template.Library()


def duration(days: int) -> str:
    """Whole years where the days make them (730 -> "2 years"), days otherwise."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@register.simple_tag
def retention_periods() -> dict:
    """Each period in words, keyed as in ``PRIVACY_RETENTION``, plus ``enrollment`` (with a
    funder's extension), ``funder_extension`` (empty without one) and ``session``."""
    p = periods()
    shown = {key: duration(days) for key, days in p.items()}
    shown["enrollment"] = duration(enrollment_days(p))
    extension = p["enrollment_funder_extension_days"]
    shown["funder_extension"] = duration(extension) if extension > 0 else ""
    shown["session"] = duration(max(1, settings.SESSION_COOKIE_AGE // 86400))
    return shown
