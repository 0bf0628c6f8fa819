from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_report_events_chained")]

    operations = [
        migrations.AddConstraint(
            model_name="reportevent",
            constraint=models.UniqueConstraint(
                fields=("report", "seq"), name="reports_event_seq_once"
            ),
        ),
    ]
