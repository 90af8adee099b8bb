"""Reactions of the needs analysis to changes in other apps (connected in ``apps.ready``)."""

from needs_analysis import aggregates
from needs_analysis.services.interests import schedule_interest_notification


def offering_saved(sender, instance, created=False, raw=False, **kwargs):
    """An offering saved as "open": tell the people interested in its module in its region.

    The work happens after the commit (sessions of a new offering are saved after the offering
    row); each interest is notified once, as ``notify_interested`` marks it.
    """
    if raw or instance.status != instance.Status.OPEN:
        return
    schedule_interest_notification(instance)


def findings_changed(sender, **kwargs):
    """A finding, its topics or offerings, a module's topics or audiences, or the settings
    changed: the cached demand sums (``needs_analysis.aggregates``) get new keys."""
    if kwargs.get("raw"):
        return
    aggregates.findings_changed()


def settings_changed(sender, created=False, raw=False, **kwargs):
    """Half-life or planning horizon changed. Not when ``load()`` first creates the record:
    it holds the defaults every figure was computed with already."""
    if raw or created:
        return
    aggregates.findings_changed()
