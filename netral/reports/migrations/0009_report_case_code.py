from django.db import migrations, models


def fill_case_codes(apps, schema_editor):
    """Copies the case code that the ACCEPTED event recorded onto the report that now owns it."""
    Report = apps.get_model("reports", "Report")
    ReportEvent = apps.get_model("reports", "ReportEvent")
    accepted = ReportEvent.objects.filter(type="accepted").order_by("created_at", "pk")
    for report_id, payload in accepted.values_list("report_id", "payload").iterator():
        code = str((payload or {}).get("case", ""))
        if code:
            Report.objects.filter(pk=report_id).update(case_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_merge_sealed_witnesses_and_event_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="case_code",
            field=models.CharField(blank=True, max_length=16, verbose_name="case code"),
        ),
        migrations.RunPython(fill_case_codes, migrations.RunPython.noop),
    ]
