"""The roles of the platform and how to recognise them.

Roles are Django groups, created by a data migration; administrators are superusers.
"""

PROFESSIONALS = "Fachkräfte"
TRAINERS = "Referent*innen"
COORDINATORS = "Koordination"
# Read-only: the figures and reports of the projects they are named on (``Project.observers``).
STATE_COORDINATORS = "Landeskoordination"


def has_role(user, group_name: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # One query per request at most: Django caches nothing here, so keep the names on the user.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return group_name in user._role_names


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATORS)


def is_trainer(user) -> bool:
    return has_role(user, TRAINERS)


def is_state_coordinator(user) -> bool:
    return has_role(user, STATE_COORDINATORS)
