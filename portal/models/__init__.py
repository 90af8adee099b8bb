from portal.models.pages import ContentPage, HomePage
from portal.models.projects import Project
from portal.models.site_settings import SiteSettings
from portal.models.users import User
from portal.models.vocabulary import Audience, Provider, Region, Topic

__all__ = [
    "Audience",
    "ContentPage",
    "HomePage",
    "Project",
    "Provider",
    "Region",
    "SiteSettings",
    "Topic",
    "User",
]
