from django.apps import AppConfig


class RegioConfig(AppConfig):
    name = "regio"
    verbose_name = "Regio's, gemeenten en mensen"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .admin_robuust import admin_robuust_maken

        admin_robuust_maken()
