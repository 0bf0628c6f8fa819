"""Every event table stands on one append-only base: no update, no delete, through any path
the application has (raw SQL is the chain's job: see the timeline tests)."""

import importlib

import pytest
from django.apps import apps

from netral.core.events import UndeclaredEvent
from netral.core.models import AppendOnly, AppendOnlyError

EVENT_TABLES = [
    "cases.CaseEvent",
    "cases.DocumentTemplateEvent",
    "reports.ReportEvent",
    "accounts.AccountEvent",
    "monitoring.AccountEvent",
    "monitoring.FindingEvent",
    "insights.InsightEvent",
    "prevention.CampaignEvent",
    "transparency.AnnouncementEvent",
    "transparency.AuditRecommendationEvent",
]


def test_every_event_table_is_append_only():
    found = sorted(m._meta.label for m in apps.get_models() if issubclass(m, AppendOnly))
    assert found == sorted([*EVENT_TABLES, "core.TimelineDigest"])
    named_events = {m._meta.label for m in apps.get_models() if m.__name__.endswith("Event")}
    assert named_events <= set(found)


@pytest.mark.parametrize("label", [*EVENT_TABLES, "core.TimelineDigest"])
def test_rows_refuse_update_and_delete(label, db):
    model = apps.get_model(label)
    row = model()
    row._state.adding = False  # as if read from the database
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().update(pk=0)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()


@pytest.mark.parametrize(
    ("declarations", "label"),
    [
        ("netral.cases.events.CASE_EVENTS", "cases.CaseEvent"),
        ("netral.cases.events.TEMPLATE_EVENTS", "cases.DocumentTemplateEvent"),
        ("netral.reports.events.REPORT_EVENTS", "reports.ReportEvent"),
        ("netral.accounts.events.ACCOUNT_EVENTS", "accounts.AccountEvent"),
        ("netral.monitoring.events.ACCOUNT_EVENTS", "monitoring.AccountEvent"),
        ("netral.monitoring.events.FINDING_EVENTS", "monitoring.FindingEvent"),
        ("netral.insights.events.INSIGHT_EVENTS", "insights.InsightEvent"),
        ("netral.prevention.events.CAMPAIGN_EVENTS", "prevention.CampaignEvent"),
        ("netral.transparency.events.ANNOUNCEMENT_EVENTS", "transparency.AnnouncementEvent"),
        (
            "netral.transparency.events.RECOMMENDATION_EVENTS",
            "transparency.AuditRecommendationEvent",
        ),
    ],
)
def test_every_event_type_is_the_declaration_its_events_module_makes(declarations, label):
    module, name = declarations.rsplit(".", 1)
    kinds = getattr(importlib.import_module(module), name).kinds
    Type = apps.get_model(label).Type
    assert [(member.name, member.value, member.label) for member in Type] == [
        (key, value, text) for key, (value, text, _payload) in kinds.items()
    ]
    assert Type.__qualname__ == f"{label.split('.')[1]}.Type"


def test_a_payload_that_does_not_fit_is_refused_before_it_is_written():
    from netral.reports.events import REPORT_EVENTS

    with pytest.raises(UndeclaredEvent, match="identity_read"):
        REPORT_EVENTS.check("identity_read", {"fields": ["name"], "name": "Siti"})
    with pytest.raises(UndeclaredEvent):
        REPORT_EVENTS.check("no_such_type", {})


def test_an_event_type_is_declared_on_its_payload_once():
    from django.utils.translation import gettext_lazy as _

    from netral.core.events import EventTypes, NoDetails, Payload

    events = EventTypes()

    @events.declare(NOTED=_("Noted"), MOVED_ON=("moved", _("Moved on")))
    class Note(Payload):
        text: str

    events.add(NoDetails, CLOSED=_("Closed"))
    assert [(name, value) for name, (value, _label, _p) in events.kinds.items()] == [
        ("NOTED", "noted"),
        ("MOVED_ON", "moved"),
        ("CLOSED", "closed"),
    ]
    assert events.declared["moved"] is Note and Note.__name__ == "Note"
    with pytest.raises(ValueError, match="declared twice"):
        events.add(NoDetails, NOTED=_("Noted again"))
    with pytest.raises(ValueError, match="declared twice"):
        events.add(NoDetails, OTHER=("closed", _("Closed again")))


def test_every_event_table_reads_its_types_from_its_declarations():
    from django.apps import apps

    from netral.core.models import AppendOnlyEvent

    tables = [m for m in apps.get_models() if issubclass(m, AppendOnlyEvent)]
    assert len(tables) >= 6
    for table in tables:
        declared = [value for value, _label, _payload in table.event_types.kinds.values()]
        assert declared == [value for value, _label in table._meta.get_field("type").choices]
