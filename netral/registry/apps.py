from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "netral.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from netral.registry import lookups
        from netral.registry.models import Agency, Election, Region

        # Any save or delete of these rows (services, admin, tests) clears the cached look-ups;
        # the services' bulk writes call lookups.invalidate() themselves.
        for model in (Region, Agency, Election):
            for signal in (post_save, post_delete):
                uid = f"registry-lookups-{model.__name__}"
                signal.connect(lookups.on_registry_write, sender=model, dispatch_uid=uid)
