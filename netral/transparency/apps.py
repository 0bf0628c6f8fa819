from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "netral.transparency"
    label = "transparency"
    verbose_name = "Transparency"
