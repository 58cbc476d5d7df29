from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "documenten"
    verbose_name = "Documenten (PDF)"

    def ready(self):
        # The layers below announce what concerns documents and never import this app: the hooks
        # are connected here (documenten.koppelingen).
        from simple_history.signals import post_create_historical_record

        from agenda.signalen import historie_geschreven, plan_vastgesteld
        from rapportage import archiefpdf
        from rapportage.backup import teruggezet

        from . import archiefbestelling, koppelingen, taken

        archiefpdf.registreren(koppelingen.archief_pdf, archiefbestelling.bestellen)
        plan_vastgesteld.connect(koppelingen.plan_vastgesteld, dispatch_uid="documenten_plan")
        teruggezet.connect(koppelingen.renders_zonder_bestand, dispatch_uid="documenten_backup")
        # Every change to what a document shows writes a history record: the documents that are
        # downloaded most are rendered again after it, in the background (taken.inhoud_gewijzigd).
        post_create_historical_record.connect(taken.inhoud_gewijzigd, dispatch_uid="pdf_inhoud")
        historie_geschreven.connect(taken.inhoud_gewijzigd, dispatch_uid="pdf_inhoud_bulk")
