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
    if not hasattr(user, "_role_names"):
        load_roles(user)
    return group_name in user._role_names


def load_roles(user) -> None:
    """The person's role names and the projects they coordinate, in one query per request:
    Django caches neither, and every staff page asks both (``portal.projects``)."""
    from django.contrib.auth.models import Group
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast

    from portal.models import Project

    roles_rows = Group.objects.filter(user=user).values_list(Value("role"), "name")
    project_rows = Project.coordinators.through.objects.filter(user=user).values_list(
        Value("project"), Cast("project_id", output_field=CharField())
    )
    names, project_ids = set(), set()
    for kind, value in roles_rows.union(project_rows, all=True):
        if kind == "role":
            names.add(value)
        else:
            project_ids.add(int(value))
    user._role_names = names
    user._coordinated_project_ids = frozenset(project_ids)


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATORS)


def is_trainer(user) -> bool:
    return has_role(user, TRAINERS)


def is_state_coordinator(user) -> bool:
    return has_role(user, STATE_COORDINATORS)
