from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "netral.prevention"
    label = "prevention"
    verbose_name = _("Prevention")

    def ready(self) -> None:
        from netral.prevention.explainers import module_links
        from netral.rules import explainers

        explainers.register(module_links)
