from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "documenten"
    verbose_name = "Documenten (PDF)"

    def ready(self):
        # The layers below announce what concerns documents and never import this app: the hooks
        # are connected here (documenten.koppelingen).
        from django.db.models.signals import post_delete
        from simple_history.signals import post_create_historical_record

        from agenda.models import Plan
        from agenda.signalen import historie_geschreven, plan_vastgesteld
        from rapportage import archiefpdf
        from rapportage.backup import teruggezet

        from . import archiefbestelling, koppelingen, taken
        from .models import PdfDocument

        archiefpdf.registreren(koppelingen.archief_pdf, archiefbestelling.bestellen)
        plan_vastgesteld.connect(koppelingen.plan_vastgesteld, dispatch_uid="documenten_plan")
        # A deleted plan's PDF parts (Django's own signal: also for a plan its region took along).
        post_delete.connect(
            koppelingen.plan_verwijderd, sender=Plan, dispatch_uid="documenten_plan_weg"
        )
        # A deleted render's file, whoever deleted the record (also a plan or region's cascade).
        post_delete.connect(
            koppelingen.pdf_verwijderd, sender=PdfDocument, dispatch_uid="documenten_pdf_weg"
        )
        teruggezet.connect(koppelingen.renders_zonder_bestand, dispatch_uid="documenten_backup")
        # Every change to what a document shows writes a history record: the documents that are
        # downloaded most are rendered again after it, in the background (taken.inhoud_gewijzigd).
        post_create_historical_record.connect(taken.inhoud_gewijzigd, dispatch_uid="pdf_inhoud")
        historie_geschreven.connect(taken.inhoud_gewijzigd, dispatch_uid="pdf_inhoud_bulk")
