"""Structured logs for operations (BIO2): who did what to which object, with what result, from where.

Every line names `actor`, `action`, `object`, `result` and `origin`; settings.LOGGING writes them
as JSON. What a line may carry is decided here, in one place: names, ids, statuses and counts,
never a password, a token, an authorisation code or the text of a report. Request lines log the
path without its query string (an OIDC callback carries its code there).
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings

logger = logging.getLogger("transformatie.logboek")

_actor = contextvars.ContextVar("actor", default="")
_origin = contextvars.ContextVar("origin", default="")
_verzoek = contextvars.ContextVar("verzoek", default="")

# Field names whose values are never written, whoever passes them.
GEHEIM = re.compile(
    r"pass|wachtwoord|secret|geheim|token|code|key|sleutel|cookie|sessi|csrf|otp|tekst|text", re.I
)
VERBORGEN = "[verborgen]"


def herkomst_van(request) -> str:
    """The client's address: REMOTE_ADDR, or as many hops back in X-Forwarded-For as there are
    trusted proxies in front of the app (settings.TRUSTED_PROXIES)."""
    hops = settings.TRUSTED_PROXIES
    if hops:
        adressen = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        adressen = [a for a in adressen if a]
        if len(adressen) >= hops:
            return adressen[-hops]
    return request.META.get("REMOTE_ADDR", "")


def actor_van(gebruiker) -> str:
    if gebruiker is None or not getattr(gebruiker, "is_authenticated", False):
        return "anoniem"
    return gebruiker.get_username()


def context(*, actor: str, origin: str):
    """Set who acts and from where outside a request (worker, management command)."""
    _actor.set(actor)
    _origin.set(origin)


def gebeurtenis(action: str, *, object: str = "", result: str = "gelukt", actor=None, **velden):
    """Log one event. `actor` defaults to whoever the current request or task runs for."""
    if actor is not None and not isinstance(actor, str):
        actor = actor_van(actor)
    extra = {
        "actor": actor or _actor.get() or "systeem",
        "action": action,
        "object": object,
        "result": result,
        "origin": _origin.get() or "systeem",
    }
    if _verzoek.get():
        extra["request_id"] = _verzoek.get()
    for naam, waarde in velden.items():
        extra[naam] = VERBORGEN if GEHEIM.search(naam) else waarde
    logger.info("%s %s: %s", action, object, result, extra=extra)


class ZonderGeheimen(logging.Filter):
    """Last guard on every handler: extra fields with a secret-looking name are blanked, whoever
    logged them (a library as well as this app)."""

    STANDAARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
    TOEGESTAAN = {
        "actor",
        "action",
        "object",
        "result",
        "origin",
        "request",
        "request_id",
        "status_code",
    }

    def filter(self, record):
        verzoek = getattr(record, "request", None)
        if verzoek is not None and hasattr(verzoek, "path"):
            # Django's request loggers pass the request, whose repr has the query string.
            record.request = f"{verzoek.method} {verzoek.path}"
        for naam in list(vars(record)):
            if naam in self.STANDAARD or naam in self.TOEGESTAAN:
                continue
            if GEHEIM.search(naam):
                setattr(record, naam, VERBORGEN)
        return True


class LogboekMiddleware:
    """Sets actor and origin for everything logged while a request runs; one line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        begin = time.perf_counter()
        _verzoek.set(request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex)
        _origin.set(herkomst_van(request))
        _actor.set(actor_van(getattr(request, "user", None)))
        response = self.get_response(request)
        if request.path != "/gezondheid/":  # the load balancer asks every few seconds
            gebeurtenis(
                "http",
                object=f"{request.method} {request.path}",
                result=str(response.status_code),
                actor=actor_van(getattr(request, "user", None)),
                duur_ms=round((time.perf_counter() - begin) * 1000, 1),
            )
        return response


def _bij_inloggen(sender, request, user, **kwargs):
    _actor.set(actor_van(user))
    methode = "oidc" if getattr(user, "backend", "").startswith("regio.oidc") else "wachtwoord"
    gebeurtenis("inloggen", object=f"gebruiker:{user.pk}", actor=user, methode=methode)


def _bij_mislukt_inloggen(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials`; only the name is kept.
    gebeurtenis(
        "inloggen",
        object="gebruiker",
        result="mislukt",
        actor=str(credentials.get("username", ""))[:150] or "anoniem",
    )


def _bij_uitloggen(sender, request, user, **kwargs):
    gebeurtenis("uitloggen", object=f"gebruiker:{getattr(user, 'pk', '')}", actor=user)


def _bij_taak(sender, task_result, **kwargs):
    # A task runs for nobody in particular; its origin is the worker that took it.
    # In a request (the immediate backend) the request's actor and origin stay.
    if not _verzoek.get():
        werker = task_result.worker_ids[-1] if task_result.worker_ids else "?"
        context(actor="werker", origin=f"werker:{werker}")


SOORTEN = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}


def _bij_wijziging(sender, instance, history_instance, history_user=None, **kwargs):
    """Every change to an editable model already leaves a history record; each one is logged
    with its model, id and status, never its texts."""
    model = type(instance)._meta
    velden = {}
    status = getattr(instance, "status", None)
    if isinstance(status, str):
        velden["status"] = status
    gebeurtenis(
        f"{model.model_name} {SOORTEN.get(history_instance.history_type, 'gewijzigd')}",
        object=f"{model.label_lower}:{instance.pk}",
        actor=history_user or None,
        **velden,
    )


def koppelen():
    """Connect the receivers; called from regio.apps (the lowest app) once apps are ready."""
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.tasks.signals import task_started
    from simple_history.signals import post_create_historical_record

    task_started.connect(_bij_taak, dispatch_uid="logboek_taak")
    user_logged_in.connect(_bij_inloggen, dispatch_uid="logboek_inloggen")
    user_login_failed.connect(_bij_mislukt_inloggen, dispatch_uid="logboek_mislukt")
    user_logged_out.connect(_bij_uitloggen, dispatch_uid="logboek_uitloggen")
    post_create_historical_record.connect(_bij_wijziging, dispatch_uid="logboek_wijziging")
