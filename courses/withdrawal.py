"""What giving up an enrolment is called, by its state.

One action (``services.cancel``) serves three situations, and people read them differently:
a confirmed place is cancelled ("Teilnahme absagen"), a place on the waiting list is left
("Von der Warteliste abmelden"), a request awaiting approval is withdrawn ("Anfrage
zurückziehen"). "My trainings", the confirmation page and the mails' links take their words
from here, so the three never drift apart.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from courses.models import Enrollment


@dataclass(frozen=True)
class Wording:
    action: Promise  # the link or button that leads to the confirmation page
    question: Promise  # the confirmation page's heading
    confirm: Promise  # its one button
    done: Promise  # the message afterwards


CANCEL = Wording(
    action=_("Cancel participation"),
    question=_("Do you want to cancel your participation?"),
    confirm=_("Yes, cancel my participation"),
    done=_("Your participation has been cancelled."),
)
LEAVE_WAITLIST = Wording(
    action=_("Leave the waiting list"),
    question=_("Do you want to leave the waiting list?"),
    confirm=_("Yes, leave the waiting list"),
    done=_("You have left the waiting list."),
)
WITHDRAW_REQUEST = Wording(
    action=_("Withdraw request"),
    question=_("Do you want to withdraw your request?"),
    confirm=_("Yes, withdraw my request"),
    done=_("Your request has been withdrawn."),
)

DECLINE_OFFER = Wording(
    action=_("Decline the offered seat"),
    question=_("Do you want to decline the offered seat?"),
    confirm=_("Yes, decline the seat"),
    done=_("You have declined the seat; it is offered to the next person."),
)

BY_STATUS = {
    Enrollment.Status.OFFERED: DECLINE_OFFER,
    Enrollment.Status.CONFIRMED: CANCEL,
    Enrollment.Status.WAITLISTED: LEAVE_WAITLIST,
    Enrollment.Status.REQUESTED: WITHDRAW_REQUEST,
}


def wording(enrollment) -> Wording:
    """The words for giving up ``enrollment`` (a confirmed place's for any other state)."""
    return BY_STATUS.get(enrollment.status, CANCEL)
