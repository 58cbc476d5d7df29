"""The PDF an adopted report is archived as.

The cycle archives it on adoption (services.rapportageperiode_vaststellen) but does not know how a
PDF is made: the documents app, a layer above, hands its maker in when the apps are ready
(documenten.apps), so this app never imports it.
"""

from django.core.exceptions import ImproperlyConfigured

_maker = None


def registreren(maker):
    """`maker(periode) -> bytes`: the report as the archive keeps it."""
    global _maker
    _maker = maker


def archief_pdf(periode) -> bytes:
    if _maker is None:
        raise ImproperlyConfigured(
            "No app makes the PDF of an adopted report: add 'documenten' to INSTALLED_APPS."
        )
    return _maker(periode)
