from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "netral.core"
    label = "core"
    verbose_name = "Netral"
