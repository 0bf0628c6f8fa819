"""Election.family (pilkada | pemilu), derived from the kind of every existing election."""

from django.db import migrations, models

# Frozen here: a migration must not change when the vocabulary module changes later.
PILKADA_KINDS = ("gubernur", "bupati", "wali_kota")


def derive_family(apps, schema_editor):
    Election = apps.get_model("registry", "Election")
    Election.objects.filter(kind__in=PILKADA_KINDS).update(family="pilkada")
    Election.objects.exclude(kind__in=PILKADA_KINDS).update(family="pemilu")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_agency_civilservant_election_candidatepair_and_more")]

    operations = [
        migrations.AddField(
            model_name="election",
            name="family",
            field=models.CharField(
                choices=[
                    ("pilkada", "Pilkada (regional head election)"),
                    ("pemilu", "Pemilu (presidential and legislative election)"),
                ],
                default="",
                editable=False,
                max_length=8,
                verbose_name="family",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(derive_family, migrations.RunPython.noop),
    ]
