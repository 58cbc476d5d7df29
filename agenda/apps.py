from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Meerjarenplan"

    def ready(self):
        # the receivers that give a shape a new stamp when it changes
        from . import vormcache  # noqa: F401
