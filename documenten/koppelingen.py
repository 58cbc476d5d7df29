"""How the documents answer the layers below (connected in documenten.apps)."""

from django.core.files.storage import default_storage
from django.db import transaction

from . import documenten, pdf_delencache, taken
from .models import PdfDocument


def archief_pdf(periode) -> bytes:
    """The PDF an adopted report is archived as (rapportage.archiefpdf)."""
    return documenten.rapport_pdf_bytes(periode)


def plan_vastgesteld(sender, plan, **kwargs):
    """A plan was adopted (agenda.signalen): its PDF is ordered at once, so the griffie's first
    download is served from storage."""
    taken.bestel(plan, "plan")


def plan_verwijderd(sender, instance, **kwargs):
    """A plan was deleted (the beheerder, in the admin): the parts its PDF was joined from
    (documenten.pdf_delencache) go from storage once the deletion is committed, and stay when it
    is rolled back."""
    bestandsnaam = documenten.plan_bestandsnaam(instance)
    transaction.on_commit(
        lambda: pdf_delencache.verwijderen(bestandsnaam), using=kwargs.get("using"), robust=True
    )


def pdf_verwijderd(sender, instance, **kwargs):
    """A rendered document was deleted (housekeeping, a restore, or along with its plan or
    region): its file goes from storage once the deletion is committed, and stays when it is
    rolled back."""
    if not instance.bestand:
        return
    opslag, naam = instance.bestand.storage, instance.bestand.name
    transaction.on_commit(lambda: opslag.delete(naam), using=kwargs.get("using"), robust=True)


def renders_zonder_bestand(sender, **kwargs) -> dict:
    """After a restore (rapportage.backup): a render whose file is not in the backup is
    forgotten, and rendered again when asked for."""
    vergeten = 0
    for document in PdfDocument.objects.exclude(bestand=""):
        if not default_storage.exists(document.bestand.name):
            document.delete()
            vergeten += 1
    return {"vergeten_renders": vergeten}
