from django.apps import AppConfig


class DocumentenConfig(AppConfig):
    name = "documenten"
    verbose_name = "Documenten (PDF)"

    def ready(self):
        # The layers below announce what concerns documents and never import this app: the hooks
        # are connected here (documenten.koppelingen).
        from agenda.signalen import plan_vastgesteld
        from rapportage import archiefpdf
        from rapportage.backup import teruggezet

        from . import koppelingen

        archiefpdf.registreren(koppelingen.archief_pdf)
        plan_vastgesteld.connect(koppelingen.plan_vastgesteld, dispatch_uid="documenten_plan")
        teruggezet.connect(koppelingen.renders_zonder_bestand, dispatch_uid="documenten_backup")
