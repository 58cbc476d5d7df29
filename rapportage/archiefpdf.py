"""The PDF an adopted report is archived as.

The cycle archives it on adoption (services.rapportageperiode_vaststellen) but does not know how a
PDF is made: the documents app, a layer above, hands its maker in when the apps are ready
(documenten.apps), so this app never imports it.
"""

from django.core.exceptions import ImproperlyConfigured

_maker = None
_besteller = None


def registreren(maker, besteller=None):
    """`maker(periode) -> bytes`: the report as the archive keeps it.

    `besteller(periode, door) -> bool`: called inside the adoption's transaction, it may hand the
    archive to the task worker (True: archived after the commit, from what the adoption froze);
    False leaves it to `maker`, in the request."""
    global _maker, _besteller
    _maker = maker
    _besteller = besteller


def archief_pdf(periode) -> bytes:
    if _maker is None:
        raise ImproperlyConfigured(
            "No app makes the PDF of an adopted report: add 'documenten' to INSTALLED_APPS."
        )
    return _maker(periode)


def archief_bestellen(periode, door) -> bool:
    """Whether the archive of this adoption was handed to the task worker."""
    return _besteller is not None and _besteller(periode, door)
