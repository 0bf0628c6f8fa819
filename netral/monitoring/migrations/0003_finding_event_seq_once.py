from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_finding_events_chained")]

    operations = [
        migrations.AddConstraint(
            model_name="findingevent",
            constraint=models.UniqueConstraint(
                fields=("finding", "seq"), name="monitoring_finding_event_once"
            ),
        ),
    ]
