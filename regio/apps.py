from django.apps import AppConfig


class RegioConfig(AppConfig):
    name = "regio"
    verbose_name = "Regio's, gemeenten en mensen"

    def ready(self):
        from transformatie import logboek, middleware

        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            tweestaps,
        )
        from .admin_robuust import admin_robuust_maken

        logboek.koppelen()
        middleware.koppelen()
        tweestaps.koppelen()
        admin_robuust_maken()
