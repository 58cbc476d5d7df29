from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Kwartaalrapportage"

    def ready(self):
        from django.db.models.signals import pre_save

        from agenda.models import Plan

        from .taken import plan_vastgesteld

        pre_save.connect(plan_vastgesteld, sender=Plan, dispatch_uid="pdf_plan_vastgesteld")
