"""The demo participants of ``participants.yaml``: professionals the offerings are filled with."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from portal.demo.data import load
from portal.models import Audience, Region, User
from portal.roles import PROFESSIONALS


def seed_participants(log) -> list[User]:
    """25 demo professionals besides fachkraft@example.org: teilnehmende01@example.org, …

    The number in the address is the position in ``participants.yaml``, so reordering the file
    renames people on a fresh database (an existing one keeps its accounts).
    """
    rows = load(__file__, "participants.yaml")["participants"]
    audiences = {a.slug: a for a in Audience.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    group = Group.objects.get(name=PROFESSIONALS)
    # One hash for all: hashing the (public) demo password 25 times would cost seconds.
    password = make_password(settings.PORTAL_DEMO_PASSWORD)

    people, created = [], 0
    for number, row in enumerate(rows, start=1):
        email = f"teilnehmende{number:02d}@example.org"
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=password,
                first_name=row["first_name"],
                last_name=row["last_name"],
                organisation=row["organisation"],
                position=row["position"],
                audience=audiences[row["audience"]],
                region=regions[row["region"]],
                language=row["language"],
            )
            user.groups.add(group)
            created += 1
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        people.append(user.pk)
    if created:
        log(f"Demo-Teilnehmende: {created} Konten (teilnehmende01…{len(rows):02d})")
    return list(
        User.objects.filter(pk__in=people).select_related("audience", "region").order_by("email")
    )
