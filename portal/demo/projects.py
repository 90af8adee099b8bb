"""The demo's model projects (``projects.yaml``): RausWege, INA and 360°, each with its regions,
organisations and coordination. Existing findings, workshop talks and requests without a
project are then put into the project of their region (``portal.projects``)."""

from portal.demo.data import load
from portal.models import Project, Provider, Region, User


def seed_projects(log) -> dict[str, Project]:
    providers = {p.short_name: p for p in Provider.objects.all()}
    result = {}
    for data in load(__file__, "projects.yaml")["projects"]:
        project, created = Project.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "short_name": data["short_name"],
                "description": data["description"],
            },
        )
        if created:
            project.regions.set(Region.objects.filter(slug__in=data["regions"]))
            project.providers.set(providers[name] for name in data["providers"])
            project.funders.set(providers[name] for name in data["funders"])
            log(f"Projekt: {project.short_name}")
        # Accounts are seeded before; a coordinator added to the YAML later still gets in.
        project.coordinators.add(*User.objects.filter(email__in=data["coordinators"]))
        project.observers.add(*User.objects.filter(email__in=data.get("observers", [])))
        result[project.slug] = project
    return result


def project_of_provider(provider) -> Project | None:
    """The demo's project of a module's provider (each provider works in one project)."""
    if provider is None:
        return None
    return Project.objects.filter(providers=provider).order_by("pk").first()
