from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Kwartaalrapportage"

    def ready(self):
        from django.db.models.signals import pre_save

        from agenda.models import Plan

        from .taken import plan_vastgesteld

        pre_save.connect(plan_vastgesteld, sender=Plan, dispatch_uid="pdf_plan_vastgesteld")

        # Every change to what a document shows writes a history record: the documents that are
        # downloaded most are rendered again after it, in the background.
        from simple_history.signals import post_create_historical_record

        from agenda.signalen import historie_geschreven

        from .taken import inhoud_gewijzigd

        post_create_historical_record.connect(inhoud_gewijzigd, dispatch_uid="pdf_inhoud")
        historie_geschreven.connect(inhoud_gewijzigd, dispatch_uid="pdf_inhoud_bulk")

        # The plan's workbook (agenda.excel) holds the quarterly reports too; agenda does not
        # import this layer, so the sheets are handed to it here.
        from agenda.excel.uitbreidingen import registreren

        from .excel import Rapportagebladen

        registreren(Rapportagebladen())
