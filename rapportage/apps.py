from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Kwartaalrapportage"

    def ready(self):
        # The plan's workbook (agenda.excel) holds the quarterly reports too; agenda does not
        # import this layer, so the sheets are handed to it here.
        from agenda.excel.uitbreidingen import registreren

        from .excel import Rapportagebladen

        registreren(Rapportagebladen())
