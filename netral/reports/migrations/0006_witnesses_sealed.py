"""Witnesses' names and contacts are sealed like the reporter's identity (issue 12, item 9).

Existing text is sealed with the identity key before the clear column goes; going back unseals it.
"""

from django.db import migrations, models


def seal_existing(apps, schema_editor):
    from netral.reports import crypto

    Report = apps.get_model("reports", "Report")
    for report in Report.objects.exclude(witnesses="").only("pk", "witnesses").iterator():
        sealed = crypto.seal({"witnesses": report.witnesses})
        Report.objects.filter(pk=report.pk).update(witnesses_sealed=sealed)


def unseal_existing(apps, schema_editor):
    from netral.reports import crypto

    Report = apps.get_model("reports", "Report")
    for report in Report.objects.exclude(witnesses_sealed=b"").only("pk", "witnesses_sealed"):
        text = crypto.unseal(report.witnesses_sealed).get("witnesses", "")
        Report.objects.filter(pk=report.pk).update(witnesses=text)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_reporter_emailed_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="witnesses_sealed",
            field=models.BinaryField(blank=True, default=b"", editable=False),
        ),
        migrations.RunPython(seal_existing, unseal_existing),
        migrations.RemoveField(model_name="report", name="witnesses"),
    ]
