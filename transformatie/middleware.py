"""Response headers the site adds itself (Django and django-permissions-policy do the rest)."""

import time

from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_vary_headers

# How often a signed-in session is written to move its end on (settings.SESSION_COOKIE_AGE after
# the last activity). Writing it on every request (SESSION_SAVE_EVERY_REQUEST) would make every
# page view a database write.
SESSIE_VERLENGEN_NA = 5 * 60  # seconds
SESSIE_ACTIEF = "_actief"


def sessie_actief(session):
    """Note activity now: the session is saved, and so its end moves on (also at sign-in)."""
    session[SESSIE_ACTIEF] = int(time.time())


def _bij_inloggen(sender, request, user, **kwargs):
    sessie_actief(request.session)


def koppelen():
    """Sign-in counts as activity; called from regio.apps once apps are ready."""
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_bij_inloggen, dispatch_uid="sessie_actief_bij_inloggen")


class SessieVerlengen:
    """A session ends after a working day without activity: a signed-in request moves its end
    on, writing the session at most once per SESSIE_VERLENGEN_NA."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sessie = request.session
        if sessie.get(SESSION_KEY) is not None:
            laatst = sessie.get(SESSIE_ACTIEF, 0)
            if not isinstance(laatst, int) or time.time() - laatst >= SESSIE_VERLENGEN_NA:
                sessie_actief(sessie)
        return self.get_response(request)


class GeenOpslagVoorIngelogden:
    """Everything a logged-in account gets, pages and downloads alike, holds unadopted or
    personal data: no browser or proxy cache keeps it (`Cache-Control: private, no-store`),
    so the back button on a shared workplace shows nothing after logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        gebruiker = getattr(request, "user", None)
        if gebruiker is not None and gebruiker.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
            patch_vary_headers(response, ["Cookie"])
        return response
