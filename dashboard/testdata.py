"""Synthetic national-scale data: regions, gemeenten, people, plans, meetings and quarterly reports.

Everything is written with bulk_create (a few dozen statements per region), so 40 regions × 40
themes × 12 quarters take seconds; every record also gets its first history record ("+", reason
"genereer_testdata"), as a record made in the admin would. Generated plans have the shape of the
reference plan (speerpunt, thema, activiteit; fixtures/planvormen.json) and texts made from its
vocabulary; smileys follow a random walk per item and dimension, so some get worse, some stay
orange or red for quarters on end, and the open quarter has missing reports.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify

from agenda.constants import HoofdstukSoort, PlanStatus
from agenda.models import (
    Beleidsdoel,
    Hoofdstuk,
    Indicator,
    Lijstwaarde,
    MaatschappelijkEffect,
    Meting,
    Onderdeel,
    Overlegsectie,
    Overlegstructuur,
    Plan,
    Planvorm,
    Rol,
)
from agenda.models.plan import PAD_BREEDTE
from rapportage.constants import Dimensie, PeriodeStatus, RapportageStatus, Smiley
from rapportage.models import Rapportageperiode, ThemaRapportage
from rapportage.selectors import onderdelen_voor_rapport, weergave_van_onderdeel
from regio.models import Deelname, Gemeente, Inwonertal, Persoon, Regio, Subregio

PLANVORM = "speerpunt-thema-activiteit"

REGIONAMEN = [
    "Achterhoek",
    "Alblasserwaard-Vijfheerenlanden",
    "Amersfoort",
    "Amstelland en de Meerlanden",
    "Centraal Gelderland",
    "Drechtsteden",
    "Drenthe",
    "Flevoland",
    "Food Valley",
    "Friesland",
    "Gooi en Vechtstreek",
    "Groningen",
    "Haaglanden",
    "Hart van Brabant",
    "Hollands Midden",
    "IJsselland",
    "Kennemerland",
    "Lekstroom",
    "Midden-Holland",
    "Midden-IJssel/Oost-Veluwe",
    "Noord-Holland Noord",
    "Noord-Limburg",
    "Noord-Veluwe",
    "Noordoost-Brabant",
    "Rijk van Nijmegen",
    "Rivierenland",
    "Rotterdam Rijnmond",
    "Twente",
    "Utrecht Stad",
    "Utrecht West",
    "Vallei",
    "West-Brabant Oost",
    "West-Brabant West",
    "Zaanstreek-Waterland",
    "Zeeland",
    "Zuid-Holland Zuid",
    "Zuid-Limburg",
    "Zuidoost-Brabant",
    "Zuidoost-Utrecht",
    "Zuid-Kennemerland",
    "Westland",
    "Duin- en Bollenstreek",
]
VOOR = [
    "Beek",
    "Berg",
    "Bos",
    "Dal",
    "Eik",
    "Hoog",
    "Laar",
    "Meer",
    "Nieuw",
    "Oost",
    "West",
    "Zand",
    "Veld",
    "Wolde",
    "Linde",
    "Esch",
    "Heide",
    "Broek",
    "Ooster",
    "Wester",
]
ACHTER = [
    "dorp",
    "veen",
    "hoven",
    "horst",
    "wijk",
    "haven",
    "lo",
    "rade",
    "um",
    "ingen",
    "erveld",
    "schoten",
    "donk",
    "beek",
    "mond",
    "sum",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Berg",
    "Hermans",
    "Willems",
    "Claessen",
    "Gielen",
    "Poell",
    "Timmermans",
    "Wilms",
    "Noten",
]
SPEERPUNTEN = [
    "Versterken burgerkracht",
    "Vergroten participatie burgers",
    "Verbeteren kwaliteit en doelrealisatie van de keten",
]
THEMATITELS = [
    "1Gezin1Plan",
    "Versterken sociale wijkteams",
    "Mantelzorgondersteuning",
    "Vrijwilligersbeleid en informele zorg",
    "Cliëntondersteuning",
    "Preventie jeugd en onderwijs",
    "Passend onderwijs en jeugdhulp",
    "Beschermd wonen en maatschappelijke opvang",
    "Uitstroom beschermd wonen",
    "Dagbesteding en arbeidsmatige activiteiten",
    "Beschut werk",
    "Werkgeversdienstverlening",
    "Schuldhulpverlening",
    "Armoedebeleid kinderen",
    "Veilig thuis en huiselijk geweld",
    "Jeugdbescherming en drang",
    "Toegang tot jeugdhulp via huisartsen",
    "Inkoop maatwerkvoorzieningen 2026",
    "Contractmanagement en monitoring",
    "Beperken administratieve lasten",
    "Persoonsgebonden budget",
    "Langer zelfstandig thuis wonen",
    "Woningaanpassingen en hulpmiddelen",
    "Vervoer Wmo en leerlingenvervoer",
    "Zorgstructuur herijking",
    "Evaluatie samenwerking in de regio",
    "Informatievoorziening sociaal domein",
    "Privacy en gegevensdeling",
    "Crisisdienst jeugd en volwassenen",
    "Ggz in de wijk",
    "Statushouders en inburgering",
    "Jongeren 18-/18+",
    "Laaggeletterdheid",
    "Eenzaamheid onder ouderen",
    "Dementievriendelijke gemeenten",
    "Sociale firma's en social return",
    "Integrale toegang werk en inkomen",
    "Kwaliteit en toezicht Wmo",
    "Innovatiebudget transformatie",
    "Zorgschaarste en wachtlijsten",
]
DOELEN = [
    "Meer inwoners houden zelf de regie over hun ondersteuning",
    "Minder doorverwijzingen naar specialistische hulp",
    "Eén plan per gezin, gedragen door alle betrokken partners",
    "De toegang is eenvoudig en dichtbij georganiseerd",
    "Kosten van maatwerkvoorzieningen blijven binnen het budget",
    "Meer inwoners met een afstand tot de arbeidsmarkt aan het werk",
    "Wachttijden voor jeugdhulp zijn korter dan acht weken",
    "Partners werken volgens dezelfde werkwijze in de hele regio",
]
EFFECTEN = [
    "Inwoners doen mee naar vermogen",
    "Kinderen groeien gezond en veilig op",
    "Kwetsbare inwoners wonen langer zelfstandig",
    "Minder inwoners zijn afhankelijk van een uitkering",
]
ACTIVITEITEN = [
    "Opstellen van *een plan van aanpak* met de partners",
    "Organiseren van *twee regionale bijeenkomsten* voor professionals",
    "Uitvoeren van *een evaluatie* van de huidige werkwijze",
    "*Besluit* voorbereiden voor de colleges",
    "Afspraken vastleggen in *een convenant* met zorgaanbieders",
    "Inrichten van *een monitor* met kwartaalcijfers",
    "Opzetten van *een pilot* in twee gemeenten",
    "Aanpassen van *de inkoopvoorwaarden* voor volgend jaar",
]
PARTNERS = "CJG, zorgaanbieders, huisartsen, GGD, woningcorporaties, UWV, cliëntenraden"
TEKSTEN = {
    Smiley.GROEN: [
        "Op koers.",
        "Loopt volgens planning.",
        "Wat gepland was, is uitgevoerd.",
        "Binnen budget; geen bijzonderheden.",
    ],
    Smiley.ORANJE: [
        "Planning iets vertraagd door de drukte rond de inkoop.",
        "Nog niet opgestart; prioriteit lag bij de transitie.",
        "Afstemming met de partners kost meer tijd dan verwacht.",
        "Kosten lopen iets op; bijsturing wordt voorbereid.",
    ],
    Smiley.ROOD: [
        "Moeizaam, langdurig proces; besluitvorming in de colleges loopt vertraging op.",
        "Flinke stagnatie: de trekker is vertrokken en nog niet vervangen.",
        "Overschrijding van het budget; een voorstel voor aanvullende middelen volgt.",
    ],
}
OVERLEGGEN = [
    (
        "Overleg met partners",
        [
            "Transformatietafel",
            "Samenwerkingstafel",
            "Thematafel Jeugd",
            "Thematafel Wmo",
            "Thematafel Werk en inkomen",
        ],
    ),
    (
        "Overleg tussen de gemeenten",
        ["Bestuurlijk overleg sociaal domein", "Beleidsteam Jeugd", "Regionaal ondersteuningsteam"],
    ),
]
MAAND_NA_KWARTAAL = {1: "april", 2: "juli", 3: "oktober", 4: "januari"}
KLEUREN = [Smiley.GROEN, Smiley.ORANJE, Smiley.ROOD]
# Random walk: from each colour, the chance of (groen, oranje, rood) next quarter.
OVERGANG = {
    Smiley.GROEN: (0.80, 0.16, 0.04),
    Smiley.ORANJE: (0.35, 0.50, 0.15),
    Smiley.ROOD: (0.15, 0.40, 0.45),
}


def _opslaan(model, objecten, batch_size=None) -> list:
    """bulk_create with the records' first history rows (django-simple-history's own bulk
    writer), so generated records show in the history pages like any other."""
    objecten = model.objects.bulk_create(list(objecten), batch_size=batch_size)
    if hasattr(model, "history"):
        model.history.bulk_history_create(
            objecten, batch_size=batch_size, default_change_reason="genereer_testdata"
        )
    return objecten


@dataclass
class Resultaat:
    regios: int = 0
    themas: int = 0
    perioden: int = 0
    rapportages: int = 0


def kwartalen_tot(eind: tuple[int, int], aantal: int) -> list[tuple[int, int]]:
    """`aantal` quarters ending with `eind` (year, quarter), oldest first."""
    jaar, kwartaal = eind
    lijst = []
    for _ in range(aantal):
        lijst.append((jaar, kwartaal))
        jaar, kwartaal = (jaar, kwartaal - 1) if kwartaal > 1 else (jaar - 1, 4)
    return list(reversed(lijst))


def volgend_kwartaal(jaar: int, kwartaal: int) -> tuple[int, int]:
    return (jaar, kwartaal + 1) if kwartaal < 4 else (jaar + 1, 1)


def _pad(*volgordes) -> str:
    return ".".join(f"{v:0{PAD_BREEDTE}d}" for v in volgordes)


def deadline_van(jaar: int, kwartaal: int) -> date:
    """The 15th of the month after the quarter."""
    volgend_jaar, volgend = volgend_kwartaal(jaar, kwartaal)
    return date(volgend_jaar, 3 * volgend - 2, 15)


class Generator:
    def __init__(self, seed: int = 2015):
        self.rnd = random.Random(seed)
        # A sequence of its own, so the measurements leave the reports' smileys as they were.
        self.meetrnd = random.Random(seed + 1)

    # Reports -----------------------------------------------------------------------------------
    def volgende_smiley(self, vorige: str) -> str:
        if vorige not in OVERGANG:
            return self.rnd.choices(KLEUREN, weights=(0.6, 0.3, 0.1))[0].value
        return self.rnd.choices(KLEUREN, weights=OVERGANG[Smiley(vorige)])[0].value

    def tekst(self, smiley: str) -> str:
        return self.rnd.choice(TEKSTEN[Smiley(smiley)]) if smiley else ""

    def perioden_en_rapporten(
        self, plan, themas, kwartalen, *, vorige_smileys, weergaven, laatste_open
    ) -> tuple[int, int]:
        """Create the quarters and every reported item's report in them; returns (periods,
        reports).

        Each quarter is written as the cycle writes it, because the database holds adopted
        data immutable: opened, its reports (locked when it is adopted) added, then adopted."""
        perioden, rapporten = [], []
        for index, (jaar, kwartaal) in enumerate(kwartalen):
            open_ = laatste_open and index == len(kwartalen) - 1
            deadline = deadline_van(jaar, kwartaal)
            periode = Rapportageperiode(
                plan=plan,
                jaar=jaar,
                kwartaal=kwartaal,
                titel=f"Rapportage {MAAND_NA_KWARTAAL[kwartaal]} "
                f"{jaar + 1 if kwartaal == 4 else jaar}",
                deadline=deadline,
                status=PeriodeStatus.OPEN,
                samenvatting="Het merendeel ligt op koers; een aantal "
                "transformatieonderwerpen loopt vertraging op door de inkoop.",
            )
            Rapportageperiode.objects.bulk_create([periode])
            nieuw = []
            for thema in themas:
                vorig = vorige_smileys.get(thema.pk, {})
                nu = {d.value: self.volgende_smiley(vorig.get(d.value, "")) for d in Dimensie}
                vorige_smileys[thema.pk] = nu
                status = RapportageStatus.GOEDGEKEURD
                if open_:
                    kans = self.rnd.random()
                    if kans < 0.12:
                        nu = {d.value: "" for d in Dimensie}
                        status = RapportageStatus.CONCEPT
                    elif kans < 0.3:
                        status = RapportageStatus.CONCEPT
                    elif kans < 0.7:
                        status = RapportageStatus.INGEDIEND
                velden = {}
                for d in Dimensie:
                    velden[f"{d.value}_smiley"] = nu[d.value]
                    velden[f"{d.value}_tekst"] = self.tekst(nu[d.value])
                nieuw.append(
                    ThemaRapportage(
                        periode=periode,
                        onderdeel=thema,
                        status=status,
                        weergave={} if open_ else weergaven[thema.pk],
                        vergrendeld=not open_,
                        **velden,
                    )
                )
            rapporten += ThemaRapportage.objects.bulk_create(nieuw, batch_size=2000)
            if not open_:
                periode.status = PeriodeStatus.VASTGESTELD
                periode.vastgesteld_op = deadline + timedelta(days=21)
                Rapportageperiode.objects.filter(pk=periode.pk).update(
                    status=periode.status, vastgesteld_op=periode.vastgesteld_op
                )
            perioden.append(periode)
        # The first history rows, as _opslaan writes them.
        Rapportageperiode.history.bulk_history_create(
            perioden, default_change_reason="genereer_testdata"
        )
        ThemaRapportage.history.bulk_history_create(
            rapporten, batch_size=2000, default_change_reason="genereer_testdata"
        )
        return len(perioden), len(rapporten)

    # Regions -----------------------------------------------------------------------------------
    def regionamen(self, aantal: int) -> list[str]:
        bestaand = set(Regio.objects.values_list("naam", flat=True))
        bestaande_slugs = set(Regio.objects.values_list("slug", flat=True))
        namen, ronde = [], 1
        while len(namen) < aantal:
            for basis in REGIONAMEN:
                naam = basis if ronde == 1 else f"{basis} {ronde}"
                if naam not in bestaand and slugify(naam) not in bestaande_slugs:
                    namen.append(naam)
                if len(namen) == aantal:
                    break
            ronde += 1
        return namen

    def cbs_codes(self, aantal: int) -> list[str]:
        bestaand = set(Gemeente.objects.values_list("cbs_code", flat=True))
        codes, nummer = [], 9999
        while len(codes) < aantal:
            code = f"GM{nummer:04d}"
            if code not in bestaand:
                codes.append(code)
            nummer -= 1
        return codes

    @transaction.atomic
    def regios(
        self,
        aantal_regios: int,
        aantal_themas: int,
        aantal_kwartalen: int,
        *,
        eind: tuple[int, int],
        laatste_open: bool = True,
    ) -> Resultaat:
        resultaat = Resultaat()
        kwartalen = kwartalen_tot(eind, aantal_kwartalen)
        jaar_van, jaar_tot = kwartalen[0][0], max(kwartalen[-1][0], kwartalen[0][0] + 1)
        namen = self.regionamen(aantal_regios)
        regios = _opslaan(Regio, [Regio(naam=n, slug=slugify(n)) for n in namen])
        aantallen = [self.rnd.randint(5, 9) for _ in regios]
        codes = iter(self.cbs_codes(sum(aantallen)))
        subregios = _opslaan(
            Subregio,
            [
                Subregio(regio=r, naam=f"{r.naam} {deel}", afkorting=afk)
                for r in regios
                for deel, afk in (("Noord", "N"), ("Zuid", "Z"))
            ],
        )
        per_regio_sub = {}
        for sub in subregios:
            per_regio_sub.setdefault(sub.regio_id, []).append(sub)
        gemeenten, deelnames, tallen = [], [], []
        for regio, aantal in zip(regios, aantallen, strict=True):
            gekozen = set()
            while len(gekozen) < aantal:
                gekozen.add(self.rnd.choice(VOOR) + self.rnd.choice(ACHTER))
            for index, naam in enumerate(sorted(gekozen)):
                gemeente = Gemeente(naam=naam, cbs_code=next(codes))
                gemeenten.append(gemeente)
                deelnames.append(
                    Deelname(
                        regio=regio,
                        gemeente=gemeente,
                        subregio=per_regio_sub[regio.pk][index % 2],
                        rol="centrumgemeente" if index == 0 else "deelnemer",
                    )
                )
                tallen.append(
                    Inwonertal(
                        gemeente=gemeente,
                        peildatum=date(jaar_van, 1, 1),
                        aantal=self.rnd.randint(9, 160) * 1000,
                    )
                )
        _opslaan(Gemeente, gemeenten)
        for deelname in deelnames:
            deelname.gemeente_id = deelname.gemeente.pk
        for tal in tallen:
            tal.gemeente_id = tal.gemeente.pk
        _opslaan(Deelname, deelnames)
        _opslaan(Inwonertal, tallen)
        per_regio_gem = {}
        for deelname in deelnames:
            per_regio_gem.setdefault(deelname.regio_id, []).append(deelname.gemeente)

        personen = []
        for regio in regios:
            namen_regio = set()
            while len(namen_regio) < 14:
                namen_regio.add(
                    f"{self.rnd.choice('ABCDEFGHJKLMNPRSTW')}. {self.rnd.choice(ACHTERNAMEN)}"
                )
            personen += [
                Persoon(
                    regio=regio,
                    naam=naam,
                    functie=self.rnd.choice(["beleidsmedewerker", "projectleider", "teamleider"]),
                    gemeente=self.rnd.choice(per_regio_gem[regio.pk]),
                )
                for naam in sorted(namen_regio)
            ]
        personen = _opslaan(Persoon, personen)
        per_regio_pers = {}
        for persoon in personen:
            per_regio_pers.setdefault(persoon.regio_id, []).append(persoon)

        vorm = self.planvorm()
        niveaus = {n.diepte: n for n in vorm.niveaus.all()}
        self.waarden = {
            (w.keuzelijst.soort, w.code): w
            for w in Lijstwaarde.objects.filter(keuzelijst__planvorm=vorm).select_related(
                "keuzelijst"
            )
        }
        plannen = _opslaan(
            Plan,
            [
                Plan(
                    regio=r,
                    planvorm=vorm,
                    slug=f"{r.slug}-{jaar_van}-{jaar_tot}",
                    titel=f"Meerjarenplan transformatie sociaal domein {r.naam} {jaar_van}-{jaar_tot}",
                    jaar_van=jaar_van,
                    jaar_tot_en_met=jaar_tot,
                    status=PlanStatus.VASTGESTELD,
                    vastgesteld_op=date(jaar_van, 1, 20),
                )
                for r in regios
            ],
        )
        _opslaan(
            Hoofdstuk,
            [
                Hoofdstuk(plan=p, volgorde=volgorde, titel=titel, soort=soort, tekst=tekst)
                for p in plannen
                for volgorde, (titel, soort, tekst) in enumerate(
                    [
                        (
                            "Inleiding",
                            HoofdstukSoort.TEKST,
                            "Dit meerjarenplan beschrijft hoe de gemeenten in de regio samen de "
                            "transformatie van het sociaal domein vormgeven.",
                        ),
                        ("", HoofdstukSoort.ONDERDELEN, ""),
                        ("Overlegstructuur", HoofdstukSoort.OVERLEGSTRUCTUUR, ""),
                    ],
                    start=1,
                )
            ],
        )
        speerpunten = _opslaan(
            Onderdeel,
            [
                Onderdeel(
                    plan=p,
                    niveau=niveaus[1],
                    code=str(i),
                    volgorde=i,
                    pad=_pad(i),
                    titel=t,
                )
                for p in plannen
                for i, t in enumerate(SPEERPUNTEN, start=1)
            ],
        )
        per_plan_sp = {}
        for sp in speerpunten:
            per_plan_sp.setdefault(sp.plan_id, []).append(sp)

        themas, domeinen = [], []
        for plan in plannen:
            for nummer in range(1, aantal_themas + 1):
                thema, thema_domeinen = self._thema(
                    plan,
                    niveaus[2],
                    nummer,
                    aantal_themas,
                    per_plan_sp[plan.pk],
                    per_regio_sub[plan.regio_id],
                    jaar_van,
                )
                themas.append(thema)
                domeinen.append(thema_domeinen)
        themas = _opslaan(Onderdeel, themas, batch_size=1000)
        koppeling = Onderdeel.domeinen.through
        _opslaan(
            koppeling,
            [
                koppeling(onderdeel_id=thema.pk, lijstwaarde_id=waarde.pk)
                for thema, lijst in zip(themas, domeinen, strict=True)
                for waarde in lijst
            ],
            batch_size=2000,
        )
        doelen, effecten, activiteiten, rollen = [], [], [], []
        for thema in themas:
            for v, tekst in enumerate(self.rnd.sample(DOELEN, 2)):
                doelen.append(Beleidsdoel(onderdeel=thema, volgorde=v, tekst=tekst))
            effecten.append(MaatschappelijkEffect(onderdeel=thema, tekst=self.rnd.choice(EFFECTEN)))
            for v, tekst in enumerate(self.rnd.sample(ACTIVITEITEN, 3)):
                (j, k) = self.rnd.choice(kwartalen)
                activiteiten.append(
                    Onderdeel(
                        plan_id=thema.plan_id,
                        niveau=niveaus[3],
                        ouder=thema,
                        code=f"{thema.code}.{v + 1}",
                        volgorde=v,
                        pad=f"{thema.pad}.{v:0{PAD_BREEDTE}d}",
                        tekst=tekst,
                        deadline_tekst=f"Q{k} {j}",
                        deadline_soort="kwartaal",
                        deadline_datum=date(j, 3 * k, 30 if k in (2, 3) else 31),
                    )
                )
            mensen = self.rnd.sample(per_regio_pers[thema.plan.regio_id], 3)
            rollen.append(
                Rol(
                    onderdeel=thema,
                    persoon=mensen[0],
                    soort=self.waarden[("rol", "aanspreekpersoon")],
                )
            )
            rollen.append(
                Rol(onderdeel=thema, persoon=mensen[1], soort=self.waarden[("rol", "trekker")])
            )
            if self.rnd.random() < 0.4:
                rollen.append(
                    Rol(
                        onderdeel=thema,
                        persoon=mensen[2],
                        soort=self.waarden[("rol", "trekker")],
                        volgorde=1,
                    )
                )
        _opslaan(Beleidsdoel, doelen, batch_size=2000)
        _opslaan(MaatschappelijkEffect, effecten, batch_size=2000)
        _opslaan(Onderdeel, activiteiten, batch_size=2000)
        _opslaan(Rol, rollen, batch_size=2000)
        self._overleggen(plannen, themas)

        sp_titel = {sp.pk: sp.titel for sp in speerpunten}
        per_plan_th = {}
        for thema in themas:
            per_plan_th.setdefault(thema.plan_id, []).append(thema)
        doelen_per = {}
        for doel in doelen:
            doelen_per.setdefault(doel.onderdeel_id, []).append(doel.tekst)
        act_per = {}
        for act in activiteiten:
            act_per.setdefault(act.ouder_id, []).append(act.tekst)
        eff_per = {e.onderdeel_id: [e.tekst] for e in effecten}
        schaal = {t.pk: t.schaal_label_snel for t in themas}
        for plan in plannen:
            lijst = per_plan_th[plan.pk]
            weergaven = {
                t.pk: {
                    "code": t.code,
                    "titel": t.titel,
                    "schaal": schaal[t.pk],
                    "groep": sp_titel[t.ouder_id],
                    "secties": [
                        {
                            "sleutel": "beleidsdoelen",
                            "label": "Beleidsdoelen",
                            "soort": "beleidsdoelen",
                            "punten": doelen_per.get(t.pk, []),
                        },
                        {
                            "sleutel": "maatschappelijke_effecten",
                            "label": "Maatschappelijk effect",
                            "soort": "effecten",
                            "punten": eff_per.get(t.pk, []),
                        },
                        {
                            "sleutel": "activiteiten",
                            "label": "Activiteiten en resultaten",
                            "soort": "onderdelen",
                            "punten": act_per.get(t.pk, []),
                        },
                    ],
                }
                for t in lijst
            }
            p, r = self.perioden_en_rapporten(
                plan,
                lijst,
                kwartalen,
                vorige_smileys={},
                weergaven=weergaven,
                laatste_open=laatste_open,
            )
            resultaat.perioden += p
            resultaat.rapportages += r
        resultaat.regios = len(regios)
        resultaat.themas = len(themas)
        return resultaat

    def planvorm(self) -> Planvorm:
        """The reference plan's shape, loaded from fixtures/planvormen.json if not there yet."""
        vorm = Planvorm.objects.filter(slug=PLANVORM).first()
        if vorm is None:
            import json

            from django.conf import settings

            from agenda.referentiedata import laad_planvorm

            pad = settings.BASE_DIR / "fixtures" / "planvormen.json"
            vormen = json.loads(pad.read_text(encoding="utf-8"))["planvormen"]
            vorm = laad_planvorm(next(v for v in vormen if v["slug"] == PLANVORM))
        return vorm

    def _thema(self, plan, niveau, nummer, totaal, speerpunten, subregios, jaar_van):
        basis = THEMATITELS[(nummer - 1) % len(THEMATITELS)]
        ronde = (nummer - 1) // len(THEMATITELS)
        titel = basis if ronde == 0 else f"{basis} (fase {ronde + 1})"
        schaal = self.rnd.choices(["R", "SR", "L", "B"], weights=(0.7, 0.15, 0.1, 0.05))[0]
        gekozen = [self.rnd.random() < 0.5 for _ in range(3)]
        if not any(gekozen):
            gekozen[self.rnd.randrange(3)] = True
        codes = [
            c for c, ja in zip(("jeugdhulp", "wmo", "participatie"), gekozen, strict=True) if ja
        ]
        prioriteit = self.rnd.choice(["1", "2", "3"])
        speerpunt = speerpunten[(nummer - 1) * len(speerpunten) // totaal]
        thema = Onderdeel(
            plan=plan,
            niveau=niveau,
            ouder=speerpunt,
            code=str(nummer),
            volgorde=nummer,
            pad=f"{speerpunt.pad}.{nummer:0{PAD_BREEDTE}d}",
            titel=titel,
            schaal=self.waarden[("schaal", schaal)],
            subregio=self.rnd.choice(subregios) if schaal == "SR" else None,
            teksten={
                "verantwoordelijk": "Gemeenten initiëren en faciliteren; partners zijn "
                "verantwoordelijk voor de uitvoering in hun eigen organisatie.",
                "partners": PARTNERS,
                "planning": f"{jaar_van}-{jaar_van + 2}",
                "meten": "Kwartaalcijfers uit de regionale monitor en een evaluatie na één jaar.",
                "financien": self.rnd.choice(
                    ["Regulier budget", "€ 25.000 additioneel budget, naar rato verdeeld"]
                ),
                "besluiten": self.rnd.choice(["Geen", "Besluit colleges over de aanpak"]),
                "overleg": "Transformatietafel",
            },
            prioriteit=self.waarden[("prioriteit", prioriteit)],
            prioriteit_tekst=prioriteit,
        )
        namen = {"jeugdhulp": "Jeugdhulp", "wmo": "Wmo", "participatie": "Participatie"}
        label = f"{schaal}{len(codes)}D"
        if len(codes) in (1, 2):
            label += f" ({' en '.join(namen[c] for c in codes)})"
        thema.schaal_label_snel = label
        return thema, [self.waarden[("domein", c)] for c in codes]

    def _overleggen(self, plannen, themas):
        secties = _opslaan(
            Overlegsectie,
            [
                Overlegsectie(plan=p, hoofdstuk=3 + i, volgorde=i, titel=titel)
                for p in plannen
                for i, (titel, _namen) in enumerate(OVERLEGGEN)
            ],
        )
        namen_per_titel = dict(OVERLEGGEN)
        overleggen = _opslaan(
            Overlegstructuur,
            [
                Overlegstructuur(
                    sectie=sectie,
                    volgorde=v,
                    nummer=f"{sectie.volgorde + 1}.{chr(97 + v)}",
                    naam=naam,
                    trekker="Regionaal beleid",
                    deelnemers="Beleidsmedewerkers van de gemeenten, partners",
                    frequentie=self.rnd.choice(
                        ["Maandelijks", "Eens per kwartaal", "Zes keer per jaar"]
                    ),
                    doelstelling="Voortgang bespreken en bijsturen.",
                )
                for sectie in secties
                for v, naam in enumerate(namen_per_titel[sectie.titel])
            ],
        )
        per_plan_th = {}
        for thema in themas:
            per_plan_th.setdefault(thema.plan_id, []).append(thema)
        plan_van_sectie = {s.pk: s.plan_id for s in secties}
        koppelingen = []
        doorgaande = Overlegstructuur.onderdelen.through
        for overleg in overleggen:
            lijst = per_plan_th[plan_van_sectie[overleg.sectie_id]]
            for thema in self.rnd.sample(lijst, min(len(lijst), self.rnd.randint(4, 10))):
                koppelingen.append(
                    doorgaande(overlegstructuur_id=overleg.pk, onderdeel_id=thema.pk)
                )
        _opslaan(doorgaande, koppelingen, batch_size=2000)

    # Adding quarters to an existing plan --------------------------------------------------------
    @transaction.atomic
    def kwartalen_toevoegen(
        self, plan: Plan, aantal: int, *, laatste_open: bool = True, voorbeeldindicatoren=False
    ) -> Resultaat:
        """Quarters after the plan's last one, continuing each item's smileys from there, with
        a measurement per quarter for every indicator of the reported items. With
        `voorbeeldindicatoren`, a plan without indicators first gets one sample indicator per
        reported item, named as such."""
        from django.core.management.base import CommandError

        if plan.rapportageperiodes.filter(status=PeriodeStatus.OPEN).exists():
            raise CommandError(
                f"{plan.slug} heeft een open rapportageperiode; stel die eerst vast."
            )
        laatste = plan.rapportageperiodes.order_by("-jaar", "-kwartaal").first()
        start = (laatste.jaar, laatste.kwartaal) if laatste else (plan.jaar_van, 0)
        kwartalen = []
        for _ in range(aantal):
            start = volgend_kwartaal(*start) if start[1] else (start[0], 1)
            kwartalen.append(start)
        themas = onderdelen_voor_rapport(plan)
        vorige = {}
        if laatste:
            for r in laatste.rapportages.values(
                "onderdeel_id", *[f"{d.value}_smiley" for d in Dimensie]
            ):
                vorige[r["onderdeel_id"]] = {d.value: r[f"{d.value}_smiley"] for d in Dimensie}
        weergaven = {t.pk: weergave_van_onderdeel(t, t.groep) for t in themas}
        if voorbeeldindicatoren and not Indicator.objects.filter(onderdeel__plan=plan).exists():
            _opslaan(
                Indicator,
                [
                    Indicator(
                        onderdeel=t,
                        naam="Inwoners bereikt (voorbeeld)",
                        eenheid="aantal",
                        bron="gegenereerde voorbeeldgegevens",
                        frequentie="kwartaal",
                    )
                    for t in themas
                ],
            )
        # Measurements first: those of an adopted quarter are locked in the database
        # (rapportage migration 0011), like the quarter's reports.
        self.metingen(plan, kwartalen)
        p, r = self.perioden_en_rapporten(
            plan,
            themas,
            kwartalen,
            vorige_smileys=vorige,
            weergaven=weergaven,
            laatste_open=laatste_open,
        )
        return Resultaat(regios=0, themas=len(themas), perioden=p, rapportages=r)

    def metingen(self, plan, kwartalen):
        """A value per quarter for every quarterly indicator of the plan, as a random walk from
        its last measurement."""
        indicatoren = Indicator.objects.filter(onderdeel__plan=plan, frequentie="kwartaal")
        laatste = {}
        for meting in Meting.objects.filter(
            indicator__in=indicatoren, gemeente=None, aanbieder=None
        ).order_by("jaar", "periode"):
            laatste[meting.indicator_id] = meting.waarde
        nieuw = []
        for indicator in indicatoren:
            waarde = laatste.get(indicator.pk, Decimal(self.meetrnd.randint(20, 80)))
            for jaar, kwartaal in kwartalen:
                waarde = max(Decimal(0), waarde + Decimal(self.meetrnd.randint(-8, 12)))
                nieuw.append(
                    Meting(indicator=indicator, jaar=jaar, periode=kwartaal, waarde=waarde)
                )
        _opslaan(Meting, nieuw, batch_size=2000)
