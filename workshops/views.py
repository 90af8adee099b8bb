"""Register for and cancel a workshop talk (POST only; the pages are ``WorkshopIndexPage``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workshops import services
from workshops.models import Workshop, WorkshopIndexPage


def _back(workshop):
    page = WorkshopIndexPage.objects.live().first()
    return page.workshop_url(workshop) if page else "/"


def _act(request, pk, action, success):
    """Run the registration ``action`` for the person; say how it went; back to the talk."""
    workshop = get_object_or_404(Workshop, pk=pk)
    try:
        action(workshop, request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_back(workshop))


@login_required
@require_POST
def register(request, pk):
    return _act(request, pk, services.register, _("You are registered for the workshop talk."))


@login_required
@require_POST
def cancel(request, pk):
    return _act(request, pk, services.cancel, _("Your registration has been cancelled."))
