from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "netral.rules"
    label = "rules"
    verbose_name = _("Rules")

    def ready(self) -> None:
        # Parse and validate every data file at start: a broken catalogue must stop the server
        # with a message naming the file, entry and field, not surface later in a case.
        from django.core import checks as django_checks

        from netral.rules import checks, deadline_data, deadlines, decision

        django_checks.register(checks.holidays_loaded)

        decision.acts()
        deadlines.rules()
        deadline_data.shipped_holiday_days()
