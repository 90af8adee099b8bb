"""The vocabulary of findings: channels, phases, kinds of need and urgency (DESIGN.md §4).

Plain choices and constants, shared by the models, forms, import and demand computation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

REDACTED_TEXT = "[geschwärzt]"

NO_CLIENT_DATA_HELP = _(
    "Do not enter personal data about clients (names, dates of birth, case numbers)."
)


class Channel(models.TextChoices):
    WORKSHOP = "workshop", _("workshop talk")
    REPORT = "report", _("needs report")
    CONSULTATION = "consultation", _("consultation request")
    IN_HOUSE = "in_house", _("in-house request")
    INTEREST = "interest", _("interest")
    EVALUATION = "evaluation", _("evaluation")
    TRANSFER = "transfer", _("transfer survey")
    # Qualifications that expire within six months: people who will need a refresher.
    RENEWAL = "renewal", _("renewal")


class Phase(models.TextChoices):
    CUSTODY = "custody", _("in custody")
    RELEASE_PREPARATION = "release_preparation", _("release preparation")
    AFTER_RELEASE = "after_release", _("after release")
    PROBATION = "probation", _("probation / ambulant")
    PREVENTION = "prevention", _("prevention")


class Kind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("knowledge")
    CONFIDENCE = "confidence", _("confidence in practice")
    CONSULTATION = "consultation", _("case consultation")
    MATERIAL = "material", _("material")
    NETWORKING = "networking", _("networking")
    STRUCTURAL = "structural", _("structural barrier")


class Urgency(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


# DESIGN.md §4: the weight of a finding is staff affected × this factor × decay.
URGENCY_FACTORS = {Urgency.LOW: 0.5, Urgency.MEDIUM: 1.0, Urgency.HIGH: 1.5}
