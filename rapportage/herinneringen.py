"""Reminders for trekkers with open items, N days before the deadline and when overdue."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from regio.models import Gebruiker

from .constants import PeriodeStatus, RapportageStatus
from .mail import mail_versturen
from .models import Herinnering, Rapportageperiode
from .services import ontbrekend

OPEN_STATUSSEN = (RapportageStatus.CONCEPT, RapportageStatus.TERUGGESTUURD)


def open_items_per_gebruiker(periode) -> dict:
    """Per account, the reports in this period it still has to fill in or submit."""
    rapporten = (
        periode.rapportages.filter(status__in=OPEN_STATUSSEN)
        .select_related("onderdeel__niveau")
        .prefetch_related(
            "onderdeel__rollen__soort",
            "onderdeel__rollen__persoon__gebruiker",
            "onderdeel__invullers",
        )
    )
    per_gebruiker = defaultdict(list)
    for rapport in rapporten:
        invullers = {
            rol.persoon.gebruiker
            for rol in rapport.onderdeel.rollen.all()
            if rol.soort.rapporteert and rol.persoon_id and rol.persoon.gebruiker_id
        } | set(rapport.onderdeel.invullers.all())
        for gebruiker in invullers:
            if gebruiker.is_active:
                per_gebruiker[gebruiker].append(rapport)
    return per_gebruiker


def herinneringen_versturen(*, vandaag: date, dagen_vooraf: int) -> list[str]:
    """Send what is due today; returns one line per e-mail sent or skipped, for the log."""
    verslag = []
    perioden = Rapportageperiode.objects.filter(
        status=PeriodeStatus.OPEN, deadline__isnull=False
    ).select_related("plan")
    for periode in perioden:
        resterend = (periode.deadline - vandaag).days
        if resterend < 0:
            soort = "te_laat"
        elif resterend <= dagen_vooraf:
            soort = "binnenkort"
        else:
            continue
        for gebruiker, rapporten in open_items_per_gebruiker(periode).items():
            verslag.append(_versturen(periode, gebruiker, rapporten, soort, vandaag, resterend))
    return verslag


def _versturen(periode, gebruiker: Gebruiker, rapporten, soort, vandaag, resterend) -> str:
    naam = gebruiker.get_username()
    if not gebruiker.email:
        return f"{naam}: geen e-mailadres, niet verstuurd"
    try:
        with transaction.atomic():
            Herinnering.objects.create(
                periode=periode, gebruiker=gebruiker, soort=soort, datum=vandaag
            )
            for rapport in rapporten:
                rapport.ontbrekend = ontbrekend(rapport)
            context = {
                "gebruiker": gebruiker,
                "periode": periode,
                "rapporten": rapporten,
                "te_laat": soort == "te_laat",
                "resterend": resterend,
                "basis_url": settings.BASIS_URL,
            }
            onderwerp = (
                f"Te laat: kwartaalrapportage {periode.code}"
                if soort == "te_laat"
                else f"Herinnering: kwartaalrapportage {periode.code} uiterlijk {periode.deadline:%d-%m-%Y}"
            )
            mail_versturen.enqueue(
                onderwerp,
                render_to_string("rapportage/herinnering.txt", context),
                [gebruiker.email],
            )
    except IntegrityError:
        return f"{naam}: vandaag al herinnerd ({soort})"
    return f"{naam}: {soort}, {len(rapporten)} rapportage(s)"
