"""Seeds the holiday table from netral/rules/data/holidays.yaml (2024–2026).

Later years are added with `netral load-holidays`; administrators verify and edit them in the admin.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from netral.rules import deadline_data

    Holiday = apps.get_model("rules", "Holiday")
    for day in deadline_data.shipped_holiday_days():
        Holiday.objects.get_or_create(
            date=day.date,
            defaults={
                "name": day.name,
                "kind": day.kind,
                "source": day.source,
                "confidence": day.confidence,
                "note": day.note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
