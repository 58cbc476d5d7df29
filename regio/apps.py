from django.apps import AppConfig


class RegioConfig(AppConfig):
    name = "regio"
    verbose_name = "Regio's, gemeenten en mensen"

    def ready(self):
        from transformatie import logboek

        from . import tweestaps

        logboek.koppelen()
        tweestaps.koppelen()
