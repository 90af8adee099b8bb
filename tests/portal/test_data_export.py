"""The data export (Art. 15/20 GDPR) holds everything the privacy registry declares.

For every model a privacy contributor names in ``models`` there is a probe here: it stores a row
of that model for the person with distinctive values and says which of them the export must
show, under that contributor's key. A model declared without a probe fails the test, so a new
declaration needs a probe (or an entry in ``NOT_EXPORTED`` with its reason).
"""

import datetime
import json

import pytest
from django.utils import timezone

from courses import services
from courses.models import Attendance, Enrollment
from needs_analysis.models import Finding
from portal.privacy import contributors, declared_models, export_user_data
from tests.courses.factories import EnrollmentFactory, OfferingFactory
from tests.courses.past_offerings import attend_all, past_offering
from tests.factories import ProfessionalFactory
from tests.needs_analysis.factories import (
    ConsultationRequestFactory,
    FindingFactory,
    InHouseRequestFactory,
    InterestFactory,
)
from tests.portal.export_probes import (
    MOMENT,
    NOT_EXPORTED,
    PROBES,
    probe_api_token,
    probe_authenticator,
    probe_calendar_feed_token,
    probe_consultation_request,
)

pytestmark = pytest.mark.django_db

# Fields of the user model the account export leaves out, with the reason.
USER_FIELDS_NOT_EXPORTED = {
    "id": "An internal number.",
    "password": "Only a hash is stored; the export says whether one is set (has_password).",
    "audience": "Exported by name as field_of_work.",
    "user_permissions": "Exported by codename as permissions.",
}


def _labels(models) -> set[str]:
    return {model._meta.label for model in models}


def _export_text(user, key) -> str:
    return json.dumps(export_user_data(user)[key], ensure_ascii=False)


def test_every_declared_model_has_a_probe_or_a_reason():
    declared = _labels(declared_models())
    assert sorted(declared - set(PROBES) - set(NOT_EXPORTED)) == []
    # No probe or reason for a model nobody declares (a renamed or dropped declaration).
    assert sorted((set(PROBES) | set(NOT_EXPORTED)) - declared) == []
    assert set(PROBES) & set(NOT_EXPORTED) == set()


@pytest.mark.parametrize(
    "label", sorted(label for c in contributors() for label in _labels(c.models))
)
def test_the_export_shows_what_each_declared_model_holds(label):
    if label in NOT_EXPORTED:
        assert NOT_EXPORTED[label].strip()
        return
    key = declared_models_by_label()[label]
    person = ProfessionalFactory()
    expected = PROBES[label](person)
    exported = _export_text(person, key)
    missing = {what: value for what, value in expected.items() if str(value) not in exported}
    assert missing == {}, f"{label}: not in export_user_data(user)[{key!r}]: {exported}"


def declared_models_by_label() -> dict[str, str]:
    return {model._meta.label: key for model, key in declared_models().items()}


def test_the_export_holds_every_field_of_the_user_model():
    from django.contrib.auth import get_user_model

    account = export_user_data(ProfessionalFactory())["account"]
    fields = {f.name for f in get_user_model()._meta.get_fields() if f.concrete}
    assert sorted(fields - set(account) - set(USER_FIELDS_NOT_EXPORTED)) == []


def test_the_export_never_holds_secrets():
    person = ProfessionalFactory()
    probe_authenticator(person)
    probe_api_token(person)
    probe_calendar_feed_token(person)
    text = json.dumps(export_user_data(person))
    assert "NEVER-EXPORTED-SECRET" not in text
    assert person.password not in text
    assert "x" * 64 not in text


def test_the_export_holds_the_needs_the_person_reported_and_caused():
    person = ProfessionalFactory()
    reported = FindingFactory(created_by=person, description="Selbst gemeldeter Probe-Bedarf")
    request = ConsultationRequestFactory(user=person)
    FindingFactory(consultation_request=request, description="Aus der Fachberatung")
    FindingFactory(in_house_request=InHouseRequestFactory(user=person), description="Inhouse")
    FindingFactory(interest=InterestFactory(user=person), description="Aus dem Interesse")
    FindingFactory(description="Von jemand anderem")
    FindingFactory(created_by=person, consultation_request=request, description="Beides")

    findings = export_user_data(person)["needs_analysis"]["findings"]

    assert sorted(f["description"] for f in findings) == [
        "Aus dem Interesse",
        "Aus der Fachberatung",
        "Beides",
        "Inhouse",
        "Selbst gemeldeter Probe-Bedarf",
    ]
    mine = next(f for f in findings if f["description"] == reported.description)
    assert mine["recorded_by_you"] is True
    assert mine["channel"] == Finding.Channel.REPORT
    assert mine["channel_label"] == "Bedarfsmeldung"


def test_choices_are_exported_with_their_labels():
    person = ProfessionalFactory()
    services.enroll(OfferingFactory(), person)
    enrollment = export_user_data(person)["enrollments"][0]
    assert enrollment["status"] == Enrollment.Status.CONFIRMED
    assert enrollment["status_label"] == "bestätigt"


def test_attendance_of_other_people_stays_out():
    person = ProfessionalFactory()
    offering = past_offering(days=1)
    EnrollmentFactory(offering=offering, user=person)
    EnrollmentFactory(offering=offering)
    attend_all(offering)
    assert Attendance.objects.count() == 2
    [enrollment] = export_user_data(person)["enrollments"]
    assert len(enrollment["attendance"]) == 1


def test_exported_dates_are_iso_and_json_serialisable():
    person = ProfessionalFactory()
    probe_consultation_request(person)
    data = json.loads(json.dumps(export_user_data(person)))
    [request] = data["needs_analysis"]["consultation_requests"]
    assert datetime.datetime.fromisoformat(request["created_at"]) == MOMENT
    assert timezone.is_aware(datetime.datetime.fromisoformat(data["exported_at"]))
