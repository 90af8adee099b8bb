from django import template

register = template.Library()


@register.filter
def free_seats(offering) -> int:
    """Free places of an offering annotated with ``with_seat_counts()``."""
    return max(0, offering.capacity - offering.seats_taken)


@register.filter
def withdraw_label(enrollment) -> str:
    """The link that gives up ``enrollment``, named by its state (``courses.withdrawal``)."""
    from courses.withdrawal import wording

    return wording(enrollment).action
