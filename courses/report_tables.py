"""The funders' report as tables: one list of ``Table`` that the admin page, the XLSX (one
sheet per table) and the PDF ("Anlage zum Sachbericht") all show, so the three never differ.

The numbers come from ``courses.reports.funding_report``; this module only labels them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from courses.models import Enrollment, Evaluation
from courses.reports import MIN_GROUP_SIZE, FundingReport
from courses.services.evaluation import MIN_EVALUATION_ANSWERS


@dataclass
class Table:
    key: str  # also the sheet name
    caption: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""  # shown under the caption, for example why a table is withheld
    numeric_from: int = 1  # columns from this index on are numbers (right-aligned)


def _percent(rate) -> str:
    return "–" if rate is None else f"{number_format(round(rate * 100, 1), 1)} %"


def _breakdown(key, caption, rows, first) -> Table:
    return Table(
        key,
        caption,
        [first, _("Participations"), _("Persons")],
        [[row.label, row.participations, row.persons] for row in rows],
        note="" if rows else _("No participants."),
    )


def summary_table(report: FundingReport) -> Table:
    rows = [
        [_("Offerings held"), report.offerings_held],
        [_("Offerings cancelled"), report.offerings_cancelled],
        [_("Sessions delivered"), report.sessions],
        [_("Hours delivered"), float(report.hours)],
        [_("Teaching units (45 minutes)"), report.teaching_units],
        [_("Seats offered"), report.seats],
        [_("Confirmed enrolments"), report.confirmed],
        [_("Attended (participations)"), report.attended_participations],
        [_("Attended (persons)"), report.attended_persons],
        [_("Attendance rate"), _percent(report.attendance_rate)],
    ]
    if report.findings is not None:
        rows.append([_("Findings of the needs analysis addressed"), report.findings.count])
    return Table("summary", _("Summary"), [_("Indicator"), _("Value")], rows)


def funding_table(report: FundingReport) -> Table:
    return Table(
        "funding",
        _("Funding"),
        [_("Funder"), _("Programme"), _("Funding reference"), _("Offerings held")],
        [
            [line.funder, line.programme, line.reference, line.offerings]
            for line in report.fundings
        ],
        note="" if report.fundings else _("No offerings held."),
        numeric_from=3,
    )


def status_table(report: FundingReport) -> Table:
    labels = dict(Enrollment.Status.choices)
    return Table(
        "enrolments",
        _("Enrolments by status"),
        [_("Status"), _("Number")],
        [[str(labels[value]), n] for value, n in report.enrolments_by_status.items()],
    )


def evaluation_table(report: FundingReport) -> Table:
    summary = report.evaluation
    table = Table("evaluation", _("Evaluation (averages, 1 to 5)"), [_("Question"), _("Average")])
    if summary.withheld:
        table.note = _(
            "%(answers)s answers: averages are shown from %(minimum)s answers up, so that no "
            "answer can be traced back to a person."
        ) % {"answers": summary.answers, "minimum": MIN_EVALUATION_ANSWERS}
        return table
    table.note = _("%(answers)s answers.") % {"answers": summary.answers}
    for name, average in summary.averages.items():
        label = str(Evaluation._meta.get_field(name).verbose_name)
        table.rows.append([label[:1].upper() + label[1:], average])
    return table


def findings_table(report: FundingReport) -> Table | None:
    findings = report.findings
    if findings is None:
        return None
    return Table(
        "findings",
        _("Findings of the needs analysis addressed"),
        [_("Kind of need"), _("Findings")],
        [[label[:1].upper() + label[1:], n] for _kind, label, n in findings.by_kind],
        note=_("Professionals affected (estimate): %(staff)s")
        % {"staff": findings.staff_affected},
    )


def gender_table(report: FundingReport) -> Table | None:
    gender = report.gender
    if gender is None:
        return None
    table = Table(
        "gender", _("Attended persons by gender (voluntary)"), [_("Gender"), _("Persons")]
    )
    if gender.withheld:
        table.note = _(
            "Withheld: shown only when every group has at least %(minimum)s persons, so that "
            "nobody can be identified."
        ) % {"minimum": MIN_GROUP_SIZE}
    else:
        table.rows = [[label[:1].upper() + label[1:], n] for _value, label, n in gender.rows]
    return table


def offerings_table(report: FundingReport) -> Table:
    return Table(
        "offerings",
        _("Offerings"),
        [
            _("First session"),
            _("Offering"),
            _("Region"),
            _("Format"),
            _("Status"),
            _("Sessions"),
            _("Hours"),
            _("Teaching units"),
            _("Seats"),
            _("Confirmed"),
            _("Attended"),
        ],
        [
            [
                line.first_date,
                line.title,
                line.region,
                line.format,
                _("cancelled") if line.cancelled else _("held"),
                line.sessions,
                float(line.hours),
                line.teaching_units,
                line.capacity,
                line.confirmed,
                line.attended,
            ]
            for line in report.offerings
        ],
        note="" if report.offerings else _("No offerings in this period."),
        numeric_from=5,
    )


def tables(report: FundingReport) -> list[Table]:
    """Every table of the report, in the order the page, the XLSX and the PDF show them."""
    result = [
        summary_table(report),
        funding_table(report),
        status_table(report),
        _breakdown(
            "audiences", _("Participants by field of work"), report.by_audience, _("Field of work")
        ),
        _breakdown(
            "states", _("Participants by federal state"), report.by_state, _("Federal state")
        ),
        _breakdown("districts", _("Participants by district"), report.by_district, _("District")),
        _breakdown("topics", _("Participants by topic"), report.by_topic, _("Topic")),
        _breakdown("formats", _("Participants by format"), report.by_format, _("Format")),
        evaluation_table(report),
        findings_table(report),
        gender_table(report),
        offerings_table(report),
    ]
    return [table for table in result if table is not None]
