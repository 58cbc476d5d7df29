"""Pages of the installation itself: signing in, the health check, the accessibility statement."""

import os
import time

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache


class Inloggen(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            oidc_aan=settings.OIDC_AAN, oidc_provider_naam=settings.OIDC_PROVIDER_NAAM, **kwargs
        )


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def _opslag() -> dict:
    if isinstance(default_storage, FileSystemStorage):
        if not os.access(default_storage.location, os.W_OK):
            os.makedirs(default_storage.location, exist_ok=True)
        if not os.access(default_storage.location, os.W_OK):
            raise OSError("map niet schrijfbaar")
        return {"status": "ok", "soort": "map"}
    # Object storage: a HEAD request proves the bucket is reachable with these credentials.
    default_storage.exists(".gezondheid")
    return {"status": "ok", "soort": "s3"}


def _wachtrij() -> dict:
    """Age of the oldest task waiting for a worker; only the database backend has a queue."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return {"status": "ok", "soort": "direct"}
    from django_tasks_db.models import DBTaskResult

    wachtend = DBTaskResult.objects.ready()
    oudste = wachtend.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    leeftijd = (timezone.now() - oudste).total_seconds() if oudste else 0.0
    return {
        "status": "ok" if leeftijd <= settings.GEZONDHEID_MAX_WACHTTIJD else "te_oud",
        "wachtend": wachtend.count(),
        "oudste_seconden": round(leeftijd, 1),
    }


@never_cache
def gezondheid(request):
    """For the load balancer: 200 while this server can serve (database and storage reachable),
    503 otherwise. A queue that waits too long is reported ("te_oud") for monitoring but keeps
    200: a stuck worker is no reason to take the web servers out of service."""
    begin = time.perf_counter()
    onderdelen, fout = {}, False
    for naam, controle in (("database", _database), ("opslag", _opslag), ("wachtrij", _wachtrij)):
        try:
            onderdelen[naam] = controle()
        except Exception as uitzondering:  # any failure is a failed check, never a 500
            onderdelen[naam] = {"status": "fout", "fout": type(uitzondering).__name__}
            fout = fout or naam != "wachtrij"
    return JsonResponse(
        {
            "status": "fout" if fout else "ok",
            "onderdelen": onderdelen,
            "duur_ms": round((time.perf_counter() - begin) * 1000, 1),
        },
        status=503 if fout else 200,
    )


def toegankelijkheid(request):
    return render(
        request,
        "toegankelijkheid.html",
        {"contact": settings.TOEGANKELIJKHEID_CONTACT, "menu": "toegankelijkheid"},
    )
