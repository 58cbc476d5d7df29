"""E-mail notifications of the cycle: period opened, asked to fill in, sent back, approved,
quarter adopted.

Each notification is recorded (rapportage.models.Melding) in the same transaction as the step
that causes it, once per recipient and event: the unique key makes a second record of the same
event impossible. After the commit a background task (Django's tasks framework) sends it; the
task claims the record with a conditional UPDATE first, so a notification is never mailed twice
(at most once: a send that fails is recorded as failed, not retried). Every notification is
listed on the recipient's page (Berichten), mailed or not.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from regio.constants import Gebruikersrol
from regio.models import Gebruiker

from .constants import RapportageStatus
from .models import Melding
from .toegang import invullende_accounts, invullers_prefetch

Soort = Melding.Soort


def melden(*, ontvangers, periode, soort, sleutel, onderwerp, template, context, rapport=None):
    """Record one notification per recipient of this event (those recorded before are left
    alone) and send them after the commit. Returns the records made now."""
    ontvangers = {g.pk: g for g in ontvangers if g is not None and g.is_active}
    if not ontvangers:
        return []
    al = set(
        Melding.objects.filter(
            ontvanger_id__in=list(ontvangers), soort=soort, sleutel=sleutel
        ).values_list("ontvanger_id", flat=True)
    )
    nieuw = []
    for gebruiker in ontvangers.values():
        if gebruiker.pk in al:
            continue
        inhoud = {
            **context,
            "ontvanger": gebruiker,
            "periode": periode,
            "plan": periode.plan,
            "basis_url": settings.BASIS_URL,
        }
        if callable(context.get("per_ontvanger")):
            inhoud.update(context["per_ontvanger"](gebruiker))
        nieuw.append(
            Melding(
                ontvanger=gebruiker,
                periode=periode,
                rapport=rapport,
                soort=soort,
                sleutel=sleutel,
                onderwerp=onderwerp,
                tekst=render_to_string(template, inhoud).strip() + "\n",
                link=inhoud.get("link", ""),
            )
        )
    gemaakt = Melding.objects.bulk_create(nieuw)
    ids = [m.pk for m in gemaakt]
    transaction.on_commit(lambda: [verstuur_melding.enqueue(pk) for pk in ids])
    return gemaakt


@task
def verstuur_melding(melding_id: int):
    """Mail one recorded notification, once: the conditional UPDATE claims it."""
    melding = Melding.objects.select_related("ontvanger").filter(pk=melding_id).first()
    if melding is None:
        return "verdwenen"
    if not melding.ontvanger.email:
        Melding.objects.filter(pk=melding.pk, status=Melding.Status.WACHTRIJ).update(
            status=Melding.Status.GEEN_ADRES
        )
        return "geen adres"
    geclaimd = Melding.objects.filter(pk=melding.pk, status=Melding.Status.WACHTRIJ).update(
        status=Melding.Status.VERSTUURD, verstuurd_op=timezone.now()
    )
    if not geclaimd:
        return "al verstuurd"
    try:
        send_mail(melding.onderwerp, melding.tekst, None, [melding.ontvanger.email])
    except Exception as fout:
        Melding.objects.filter(pk=melding.pk).update(
            status=Melding.Status.MISLUKT, verstuurd_op=None, foutmelding=str(fout)[:1000]
        )
        raise
    return "verstuurd"


def _link(pad: str) -> str:
    return f"{settings.BASIS_URL}{pad}"


def _rapporten_met_invullers(periode):
    return list(
        periode.rapportages.select_related("onderdeel__niveau", "periode__plan")
        .prefetch_related(*invullers_prefetch("onderdeel__"))
        .order_by("onderdeel__pad")
    )


def periode_geopend(periode, *, door):
    """To each account that fills in: which items, and the deadline."""
    per_gebruiker = {}
    for rapport in _rapporten_met_invullers(periode):
        rapport.link = _link(reverse("rapportage:bewerken", args=[rapport.pk]))
        for gebruiker in invullende_accounts(rapport.onderdeel):
            per_gebruiker.setdefault(gebruiker.pk, (gebruiker, []))[1].append(rapport)
    plan = periode.plan
    niveau = plan.rapportageniveau
    link = _link(reverse("rapportage:mijn_themas"))
    return melden(
        ontvangers=[g for g, _ in per_gebruiker.values()],
        periode=periode,
        soort=Soort.PERIODE_GEOPEND,
        sleutel=f"periode-{periode.pk}",
        onderwerp=f"Kwartaalrapportage {periode.kwartaalnaam} geopend: uw "
        f"{niveau.klein_meervoud} invullen"
        + (f" vóór {periode.deadline:%d-%m-%Y}" if periode.deadline else ""),
        template="rapportage/mail/periode_geopend.txt",
        context={
            "link": link,
            "niveau": niveau,
            "per_ontvanger": lambda g: {"rapporten": per_gebruiker[g.pk][1]},
        },
    )


def invuller_toegevoegd(rapport, gebruikers, *, door):
    """Accounts a manager asked to fill in an item while its period is open."""
    onderdeel = rapport.onderdeel
    periode = rapport.periode
    link = _link(reverse("rapportage:bewerken", args=[rapport.pk]))
    return melden(
        ontvangers=gebruikers,
        periode=periode,
        rapport=rapport,
        soort=Soort.INVULLER,
        sleutel=f"invuller-{rapport.pk}",
        onderwerp=f"Gevraagd: vul de kwartaalrapportage van {onderdeel.aanduiding} in",
        template="rapportage/mail/invuller.txt",
        context={"rapport": rapport, "onderdeel": onderdeel, "door": door, "link": link},
    )


def _ontvangers_van_rapport(rapport) -> list:
    """Who fills in a report, and who last saved it if they did (a colleague since removed as
    invuller still learns what became of their text)."""
    rapporten = _rapporten_met_invullers_van(rapport)
    ontvangers = invullende_accounts(rapporten.onderdeel)
    laatst = rapporten.ingevuld_door
    if laatst is not None and laatst.rol == Gebruikersrol.BELEIDSMEDEWERKER:
        ontvangers.append(laatst)
    return ontvangers


def _rapporten_met_invullers_van(rapport):
    from .models import ThemaRapportage

    return (
        ThemaRapportage.objects.select_related("onderdeel__niveau", "ingevuld_door")
        .prefetch_related(*invullers_prefetch("onderdeel__"))
        .get(pk=rapport.pk)
    )


def _over_rapport(rapport, *, door, soort, woord: str, sleutel: str):
    """A review decision on one report, to the people who fill it in."""
    return melden(
        ontvangers=_ontvangers_van_rapport(rapport),
        periode=rapport.periode,
        rapport=rapport,
        soort=soort,
        sleutel=f"{sleutel}-{rapport.pk}-{rapport.versie}",
        onderwerp=f"{woord}: de rapportage van {rapport.onderdeel.aanduiding} "
        f"({rapport.periode.kwartaalnaam})",
        template=f"rapportage/mail/{sleutel}.txt",
        context={
            "rapport": rapport,
            "door": door,
            "link": _link(reverse("rapportage:bewerken", args=[rapport.pk])),
        },
    )


def teruggestuurd(rapport, *, door):
    return _over_rapport(
        rapport,
        door=door,
        soort=Soort.TERUGGESTUURD,
        woord="Teruggestuurd",
        sleutel="teruggestuurd",
    )


def goedgekeurd(rapport, *, door):
    return _over_rapport(
        rapport, door=door, soort=Soort.GOEDGEKEURD, woord="Goedgekeurd", sleutel="goedgekeurd"
    )


def vastgesteld(periode, *, door, keer: int):
    """To the region's managers and griffie, and everyone who filled in this quarter: the
    adopted report, with the link to its PDF. `keer` tells a re-adoption from the first."""
    plan = periode.plan
    ontvangers = list(
        Gebruiker.objects.filter(
            regio_id=plan.regio_id,
            is_active=True,
            rol__in=[Gebruikersrol.TRANSFORMATIEMANAGER, Gebruikersrol.GRIFFIE],
        )
    )
    for rapport in _rapporten_met_invullers(periode):
        ontvangers += invullende_accounts(rapport.onderdeel)
    return melden(
        ontvangers=ontvangers,
        periode=periode,
        soort=Soort.VASTGESTELD,
        sleutel=f"vastgesteld-{periode.pk}-{keer}",
        onderwerp=f"Vastgesteld: {periode.naam} ({plan.regio.naam})",
        template="rapportage/mail/vastgesteld.txt",
        context={
            "door": door,
            "link": _link(reverse("rapportage:rapport", args=[plan.slug, periode.code])),
            "pdf": _link(reverse("documenten:rapport_pdf", args=[plan.slug, periode.code])),
            "niveau": plan.rapportageniveau,
            "niet_gerapporteerd": periode.rapportages.filter(
                status=RapportageStatus.NIET_GERAPPORTEERD
            ).count(),
            "overgenomen": periode.rapportages.filter(status=RapportageStatus.OVERGENOMEN).count(),
        },
    )
