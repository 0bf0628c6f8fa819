"""Fills the jurisdiction codes of existing cases.

A migration of its own: on PostgreSQL, indexes added by 0003 are created at the end of that
migration, which must not follow an UPDATE of the same table in the same transaction.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    """Two set-based UPDATEs: codes are PP.KK.CC.DDDD, so the prefixes are fixed-width."""
    from django.db.models.functions import Length, Substr

    Case = apps.get_model("cases", "Case")
    Case.objects.exclude(region_code="").update(province_code=Substr("region_code", 1, 2))
    longer = Case.objects.annotate(size=Length("region_code")).filter(size__gte=5)
    longer.update(regency_code=Substr("region_code", 1, 5))


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_jurisdiction_codes")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
