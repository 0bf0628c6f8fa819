"""Adds the shipped 2027 holidays to databases seeded before they were shipped.

The seeding of 0002 adds every shipped day it does not find, so running it again is enough; days an
administrator already entered or edited are kept.
"""

from django.db import migrations

def seed(apps, schema_editor):
    from importlib import import_module

    import_module("netral.rules.migrations.0002_seed_holidays").seed(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_seed_holidays")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
