# Public identifiers for URLs (added nullable, filled, then made unique: existing rows
# must each get their own UUID) and the accounts audit table.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    for model_name in ("Organisation", "Membership"):
        model = apps.get_model("accounts", model_name)
        for row in model.objects.filter(public_id__isnull=True).only("pk"):
            model.objects.filter(pk=row.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.AlterField(
            model_name="membership",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
        migrations.CreateModel(
            name="AccountEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("type", models.CharField(choices=[("member_invited", "Member invited"), ("member_added", "Member added"), ("role_changed", "Role changed"), ("member_removed", "Member removed"), ("user_deactivated", "Account deactivated"), ("user_reactivated", "Account reactivated"), ("organisation_deactivated", "Organisation deactivated"), ("organisation_reactivated", "Organisation reactivated"), ("organisation_renamed", "Organisation renamed"), ("password_changed", "Password changed"), ("two_factor_enrolled", "Two-step verification set up"), ("backup_codes_created", "Backup codes created"), ("two_factor_reset", "Two-step verification reset")], max_length=32, verbose_name="type")),
                ("payload", models.JSONField(blank=True, default=dict, verbose_name="details")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="time")),
                ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="by")),
                ("organisation", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="events", to="accounts.organisation", verbose_name="organisation")),
                ("subject", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="account_events", to=settings.AUTH_USER_MODEL, verbose_name="user")),
            ],
            options={
                "verbose_name": "account event",
                "verbose_name_plural": "account events",
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
