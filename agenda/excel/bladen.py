"""Every sheet of a plan's workbook and every column, with what it means.

One definition serves the export (headers, formats, widths), the import (which header is which
field) and the "Toelichting" sheet (the explanation of every column), so the three cannot drift
apart. Headers speak the plan's own words: a level's sheet is called after its plural ("Thema's",
"Actiepunten"), its columns after the plan's sections ("Planning", "Wie?"), list columns after the
plan's own lists ("Decentralisaties", "Regierol").
"""

from dataclasses import dataclass, field

from regio.constants import OrganisatieSoort, PartijSoort

from ..constants import (
    Frequentie,
    HoofdstukSoort,
    KeuzelijstSoort,
    Lidwoord,
    PlanStatus,
    SectieSoort,
    Sturingsvorm,
    VaststellingOrgaan,
    Verdeling,
)
from .vorm import VNiveau, Vorm, bladnaam

TEKST, LANG, GETAL, BEDRAG, DATUM, JANEE = "tekst", "lang", "getal", "bedrag", "datum", "janee"


@dataclass
class Kolom:
    id: str  # the field it holds, e.g. "titel", "tekst:planning", "bijdrage:GM0957"
    kop: str
    uitleg: str
    verplicht: bool = False
    notatie: str = TEKST
    altijd: bool = True  # shown when empty too (else only when a row has a value)


@dataclass
class Bladdef:
    naam: str
    uitleg: str
    kolommen: list[Kolom] = field(default_factory=list)
    kenmerken: bool = False  # rows of (Gegeven, Waarde) instead of a table

    def kolom(self, id_: str) -> Kolom | None:
        if getattr(self, "_per_id", None) is None or len(self._per_id) != len(self.kolommen):
            self._per_id = {k.id: k for k in self.kolommen}
        return self._per_id.get(id_)


GEGEVEN, WAARDE = "Gegeven", "Waarde"

# Fixed sheet names. None of them is a level or list name of a plan shape.
TOELICHTING = "Toelichting"
PLAN = "Plan"
HOOFDSTUKKEN = "Hoofdstukken"
BELEIDSDOELEN = "Beleidsdoelen"
EFFECTEN = "Maatschappelijke effecten"
INDICATOREN = "Indicatoren"
METINGEN = "Metingen"
BEGROTING = "Begroting"
RESERVES = "Reserves"
VASTSTELLINGEN = "Vaststellingen"
OVERLEGSECTIES = "Overlegsecties"
OVERLEGGEN = "Overleggen"
AGENDALIJSTEN = "Agendalijsten"
AGENDAPUNTEN = "Agendapunten"
TOETSINGSKADERS = "Toetsingskaders"
TOETSINGSEISEN = "Toetsingseisen"
TOETSING = "Toetsing"
REGIO = "Regio"
SUBREGIOS = "Subregio's"
GEMEENTEN = "Gemeenten"
INWONERTALLEN = "Inwonertallen"
PARTIJEN = "Partijen"
PERSONEN = "Personen"
PLANVORM = "Planvorm"
NIVEAUS = "Niveaus"
SECTIES = "Secties"
KEUZELIJSTEN = "Keuzelijsten"
LIJSTWAARDEN = "Lijstwaarden"
VASTE_NAMEN = {
    TOELICHTING,
    PLAN,
    HOOFDSTUKKEN,
    BELEIDSDOELEN,
    EFFECTEN,
    INDICATOREN,
    METINGEN,
    BEGROTING,
    RESERVES,
    VASTSTELLINGEN,
    OVERLEGSECTIES,
    OVERLEGGEN,
    AGENDALIJSTEN,
    AGENDAPUNTEN,
    TOETSINGSKADERS,
    TOETSINGSEISEN,
    TOETSING,
    REGIO,
    SUBREGIOS,
    GEMEENTEN,
    INWONERTALLEN,
    PARTIJEN,
    PERSONEN,
    PLANVORM,
    NIVEAUS,
    SECTIES,
    KEUZELIJSTEN,
    LIJSTWAARDEN,
    "Rapportageperioden",
    "Rapportages",
}
VORMBLADEN = (PLANVORM, NIVEAUS, SECTIES, KEUZELIJSTEN, LIJSTWAARDEN)

LIJSTNIVEAUS = [(0, "Alinea"), (1, "Opsommingspunt"), (2, "Subpunt")]
INHOUDSTITEL = "Titel in de inhoudsopgave"
LIDWOORDEN = [(w.value, w.label) for w in Lidwoord]
SCHEIDINGSUITLEG = "meerdere gescheiden door een puntkomma (;) of elk op een eigen regel"
OPMAAKUITLEG = (
    "Tekst met de opmaak van het plan: een witregel tussen alinea's, “- ” aan het begin van "
    "een regel voor een opsommingsteken, *cursief*, **vet**."
)


def keuzes_tekst(keuzes) -> str:
    return ", ".join(f"“{label}”" for _waarde, label in keuzes)


def hoofdstuksoorten(vorm: Vorm) -> list[tuple[str, str]]:
    """Chapter kinds in the plan's words: the outline chapter is called after its top level."""
    bovenste = vorm.niveau(1)
    namen = {HoofdstukSoort.ONDERDELEN: bovenste.meervoud if bovenste else "Uitwerking"}
    return [(s.value, namen.get(s, s.label)) for s in HoofdstukSoort]


# --- Naming sheets ------------------------------------------------------------------------------


def niveaubladen(vorm: Vorm) -> dict[int, str]:
    """The sheet of each level: its plural, made unique against the fixed sheets."""
    namen, bezet = {}, {n.lower() for n in VASTE_NAMEN}
    for niveau in vorm.niveaus:
        naam = bladnaam(niveau.meervoud or niveau.naam)
        if naam.lower() in bezet:
            naam = bladnaam(f"{naam[:24]} (niveau {niveau.diepte})")
        bezet.add(naam.lower())
        namen[niveau.diepte] = naam
    return namen


def rollenblad(vorm: Vorm) -> str | None:
    lijst = vorm.lijst(KeuzelijstSoort.ROL)
    if lijst is None:
        return None
    naam = bladnaam(lijst.meervoud or lijst.naam)
    bezet = {n.lower() for n in VASTE_NAMEN} | {n.lower() for n in niveaubladen(vorm).values()}
    return bladnaam(f"{naam[:22]} (per niveau)") if naam.lower() in bezet else naam


def voorbeeld_verwijzing(vorm: Vorm, niveau: VNiveau | None = None) -> str:
    niveau = niveau or vorm.rapportageniveau or (vorm.niveaus[0] if vorm.niveaus else None)
    return f"“{niveau.naam} 1”" if niveau else "“Naam 1”"


def hoort_bij(vorm: Vorm, wat: str) -> Kolom:
    return Kolom(
        "hoort_bij",
        "Hoort bij",
        f"Waar {wat} bij hoort: de naam van het niveau en het nummer, "
        f"bijv. {voorbeeld_verwijzing(vorm)}.",
        verplicht=True,
    )


def _uniek(kolommen: list[Kolom]) -> list[Kolom]:
    """A section label may equal a fixed column's header: keep every header unique."""
    gezien = set()
    for kolom in kolommen:
        kop = kolom.kop
        if kop.lower() in gezien:
            kop = f"{kop} ({kolom.id.split(':')[-1]})"
        kolom.kop = kop
        gezien.add(kop.lower())
    return kolommen


# --- The plan -----------------------------------------------------------------------------------


def plan_blad() -> Bladdef:
    return Bladdef(
        PLAN,
        "De gegevens van het plan zelf: één gegeven per rij.",
        [
            Kolom("titel", "Titel", "De titel van het plan.", verplicht=True),
            Kolom("ondertitel", "Ondertitel", "Een ondertitel, als het plan die heeft."),
            Kolom(
                "slug",
                "Webadres",
                "Korte naam in het webadres, bijv. “noord-veluwe-2024-2026”: kleine letters, "
                "cijfers en streepjes. Hiermee wordt het plan herkend: een bestand met een "
                "bestaand webadres werkt dat plan bij.",
                verplicht=True,
            ),
            Kolom("jaar_van", "Van jaar", "Het eerste jaar van het plan.", True, GETAL),
            Kolom("jaar_tot_en_met", "Tot en met jaar", "Het laatste jaar.", True, GETAL),
            Kolom("versiedatum", "Versiedatum", "De datum van deze versie.", notatie=DATUM),
            Kolom(
                "status",
                "Status",
                f"{keuzes_tekst(PlanStatus.choices)}. Leeg: concept.",
            ),
            Kolom(
                "vastgesteld_op",
                "Vastgesteld op",
                "De datum van vaststelling; verplicht bij status vastgesteld.",
                notatie=DATUM,
            ),
            Kolom(
                "ouder",
                "Hoort bij plan",
                "Het webadres van het plan waar dit plan bij hoort (bijv. als bijlage).",
            ),
        ],
        kenmerken=True,
    )


def hoofdstukken_blad(vorm: Vorm) -> Bladdef:
    return Bladdef(
        HOOFDSTUKKEN,
        "De hoofdstukken van het plandocument, in volgorde: lopende tekst, of de plek waar de "
        "uitwerking, de overlegstructuur, de begroting of de toetsing komt.",
        [
            Kolom("nummer", "Nummer", "Zoals gedrukt, bijv. 1 of 3.2."),
            Kolom("titel", "Titel", "De kop van het hoofdstuk."),
            Kolom(
                "soort",
                "Soort",
                f"{keuzes_tekst(hoofdstuksoorten(vorm))}. Leeg: tekst. Het hoofdstuk van soort "
                f"“{dict(hoofdstuksoorten(vorm))[HoofdstukSoort.ONDERDELEN]}” is waar de "
                "uitwerking in het plandocument (PDF) staat; zonder dat hoofdstuk staat ze er "
                "niet in.",
            ),
            Kolom("tekst", "Tekst", OPMAAKUITLEG, notatie=LANG),
        ],
    )


def niveau_blad(vorm: Vorm, niveau: VNiveau) -> Bladdef:
    namen = niveaubladen(vorm)
    ouder = vorm.niveau(niveau.diepte - 1)
    kop = niveau.sectie(SectieSoort.KOP)
    in_lijst = ouder is not None and not any(s.als_kolom for s in niveau.secties)
    kolommen = [
        Kolom(
            "code",
            "Nummer",
            f"Het nummer van {niveau.lidwoord_klein} zoals het plan het drukt, bijv. 7, 3.5.10 "
            f"of 4.a; uniek onder de {niveau.meervoud.lower()}. Leeg: het volgende nummer "
            + (f"onder {ouder.lidwoord_klein}." if ouder else "(1, 2, 3, …)."),
        )
    ]
    if ouder is not None:
        kolommen.append(
            Kolom(
                "ouder",
                ouder.naam,
                f"Het nummer van {ouder.lidwoord_klein} (blad {namen[ouder.diepte]}) waaronder "
                f"{'dit' if niveau.lidwoord == Lidwoord.HET else 'deze'} {niveau.klein} valt.",
                verplicht=True,
            )
        )
    kolommen.append(
        Kolom(
            "titel",
            kop.label if kop else niveau.naam,
            f"De titel van {niveau.lidwoord_klein}.",
            altijd=kop is not None or not in_lijst,
        )
    )
    kolommen.append(
        Kolom(
            "inhoudstitel",
            INHOUDSTITEL,
            f"Alleen als de inhoudsopgave van de pdf {niveau.lidwoord_klein} met een andere, "
            "kortere titel noemt dan de kop. Leeg: de titel.",
            altijd=False,
        )
    )
    kolommen.append(
        Kolom(
            "tekst",
            "Tekst",
            f"De omschrijving van {niveau.lidwoord_klein}; zet een concreet resultaat tussen "
            "sterretjes: *verslag*.",
            notatie=LANG,
            altijd=in_lijst,
        )
    )
    for sectie in niveau.secties:
        if sectie.soort == SectieSoort.TEKST:
            kolommen.append(
                Kolom(f"tekst:{sectie.sleutel}", sectie.label, OPMAAKUITLEG, notatie=LANG)
            )
    schaal = vorm.lijst(KeuzelijstSoort.SCHAAL)
    if schaal is not None:
        kolommen.append(
            Kolom(
                "schaal",
                schaal.naam,
                f"Een waarde van de lijst {schaal.naam} (blad {LIJSTWAARDEN}).",
                altijd=niveau.heeft(SectieSoort.SCHAAL)
                or (kop is not None and niveau.schaal_met_domeinen),
            )
        )
    domein = vorm.lijst(KeuzelijstSoort.DOMEIN)
    if domein is not None:
        kolommen.append(
            Kolom(
                "domeinen",
                domein.meervoud or domein.naam,
                f"Waarden van de lijst {domein.naam} (blad {LIJSTWAARDEN}), {SCHEIDINGSUITLEG}.",
                altijd=niveau.heeft(SectieSoort.DOMEINEN) or niveau.schaal_met_domeinen,
            )
        )
    kolommen.append(
        Kolom(
            "subregio",
            "Subregio",
            f"De afkorting van de subregio (blad {SUBREGIOS}), alleen als "
            f"{niveau.lidwoord_klein} voor één subregio is.",
            altijd=False,
        )
    )
    prioriteit = vorm.lijst(KeuzelijstSoort.PRIORITEIT)
    if prioriteit is not None:
        heeft = niveau.heeft(SectieSoort.PRIORITEIT)
        kolommen += [
            Kolom(
                "prioriteit",
                prioriteit.naam,
                f"Een waarde van de lijst {prioriteit.naam} (blad {LIJSTWAARDEN}).",
                altijd=heeft,
            ),
            Kolom(
                "prioriteit_tekst",
                f"{prioriteit.naam} zoals gedrukt",
                "Alleen als het plan meer drukt dan de waarde, bijv. “1 (Wmo) 3 (J)”.",
                altijd=False,
            ),
            Kolom(
                "prioriteit_toelichting",
                f"Reden van de {prioriteit.klein}",
                OPMAAKUITLEG,
                notatie=LANG,
                altijd=heeft,
            ),
        ]
    deadline = niveau.sectie(SectieSoort.DEADLINE)
    kolommen.append(
        Kolom(
            "deadline_tekst",
            deadline.label if deadline else "Deadline",
            "Zoals gedrukt: een datum (31-12-2015), “derde kwartaal 2015”, “2015”, "
            "“Doorlopend”, “Gereed” of “n.n.t.b.”.",
            altijd=deadline is not None,
        )
    )
    kolommen.append(
        Kolom(
            "lijstniveau",
            "Opmaak in de lijst",
            f"Hoe {niveau.lidwoord_klein} in de lijst van het niveau erboven staat: "
            f"{keuzes_tekst(LIJSTNIVEAUS)}. Leeg: opsommingspunt.",
            altijd=in_lijst,
        )
    )
    kolommen.append(
        Kolom(
            "rijlabels",
            "Afwijkende rijlabels",
            f"Alleen rijen die {niveau.lidwoord_klein} anders noemt dan de planvorm: per regel de sleutel "
            f"van de sectie (blad {SECTIES}), een dubbele punt en het label, bijv. "
            "“partners: Partners”.",
            altijd=False,
        )
    )
    elders = {
        SectieSoort.BELEIDSDOELEN: BELEIDSDOELEN,
        SectieSoort.EFFECTEN: EFFECTEN,
        SectieSoort.ROLLEN: rollenblad(vorm),
        SectieSoort.BEGROTING: BEGROTING,
        SectieSoort.INDICATOREN: INDICATOREN,
    }
    verwijzingen = [
        f"“{sectie.label}” op blad {elders[sectie.soort]}"
        for sectie in niveau.secties
        if elders.get(sectie.soort)
    ]
    uitleg = f"De {niveau.meervoud.lower()} van het plan, één per rij, in de volgorde van het plan"
    uitleg += f", elk onder {ouder.lidwoord} {ouder.klein} in kolom {ouder.naam}." if ouder else "."
    if verwijzingen:
        uitleg += f" Wat bij {niveau.lidwoord_klein} hoort staat elders: {', '.join(verwijzingen)}"
        uitleg += f" (kolom Hoort bij, bijv. “{niveau.naam} 1”)."
    return Bladdef(namen[niveau.diepte], uitleg, _uniek(kolommen))


def lijst_blad(vorm: Vorm, naam: str, enkelvoud: str) -> Bladdef:
    return Bladdef(
        naam,
        f"De {naam.lower()} in volgorde; een cel van het plan mengt opsommingstekens, "
        "subpunten en losse alinea's.",
        [
            hoort_bij(vorm, enkelvoud),
            Kolom("niveau", "Opmaak", f"{keuzes_tekst(LIJSTNIVEAUS)}. Leeg: opsommingspunt."),
            Kolom("tekst", "Tekst", "De tekst, met *cursief* en **vet**.", True, LANG),
        ],
    )


def rollen_blad(vorm: Vorm) -> Bladdef | None:
    naam = rollenblad(vorm)
    if naam is None:
        return None
    rol = vorm.lijst(KeuzelijstSoort.ROL)
    schaal = vorm.lijst(KeuzelijstSoort.SCHAAL)
    kolommen = [
        hoort_bij(vorm, f"de {rol.klein}"),
        Kolom(
            "soort",
            rol.naam,
            f"Een waarde van de lijst {rol.naam} (blad {LIJSTWAARDEN}).",
            verplicht=True,
        ),
        Kolom("persoon", "Persoon", f"Een naam van blad {PERSONEN}."),
        Kolom("partij", "Partij", f"Een naam van blad {PARTIJEN}."),
        Kolom(
            "tekst",
            "In woorden",
            "Wie, zoals het plan het zegt, als er geen persoon of partij is, bijv. "
            "“initiatief ligt bij de centrumgemeente”. Vul persoon, partij of dit in.",
        ),
        Kolom("toelichting", "Toelichting", "Een korte toelichting, bijv. “jeugdbeleid”."),
        Kolom(
            "sturingsvorm",
            "Sturingsvorm",
            f"{keuzes_tekst(Sturingsvorm.choices)}.",
            altijd=False,
        ),
    ]
    if schaal is not None:
        kolommen += [
            Kolom(
                "schaal_organisatie",
                f"{schaal.naam} van organisatie",
                f"Een waarde van de lijst {schaal.naam}.",
                altijd=False,
            ),
            Kolom(
                "schaal_uitvoering",
                f"{schaal.naam} van uitvoering",
                f"Een waarde van de lijst {schaal.naam}.",
                altijd=False,
            ),
        ]
    return Bladdef(
        naam,
        f"Wie wat doet: een {rol.klein} van een persoon, een partij of in woorden, in volgorde.",
        _uniek(kolommen),
    )


def indicatoren_blad(vorm: Vorm) -> Bladdef:
    return Bladdef(
        INDICATOREN,
        "De indicatoren waarmee de voortgang gemeten wordt, in volgorde.",
        [
            hoort_bij(vorm, "de indicator"),
            Kolom("naam", "Naam", "De naam; uniek binnen waar hij bij hoort.", verplicht=True),
            Kolom("eenheid", "Eenheid", "Bijv. “%” of “aantal”."),
            Kolom("bron", "Bron", "Waar de waarden vandaan komen."),
            Kolom("frequentie", "Frequentie", f"{keuzes_tekst(Frequentie.choices)}."),
            Kolom("streefwaarde", "Streefwaarde", "Een getal.", notatie=GETAL),
            Kolom("streefjaar", "Streefjaar", "Het jaar van de streefwaarde.", notatie=GETAL),
        ],
    )


def metingen_blad(vorm: Vorm) -> Bladdef:
    return Bladdef(
        METINGEN,
        "Gemeten waarden van de indicatoren: voor de regio, een gemeente of een aanbieder.",
        [
            hoort_bij(vorm, "de indicator"),
            Kolom("indicator", "Indicator", f"De naam van blad {INDICATOREN}.", verplicht=True),
            Kolom("jaar", "Jaar", "Het jaar.", True, GETAL),
            Kolom(
                "periode",
                "Maand of kwartaal",
                "1–12 bij een maandcijfer, 1–4 bij een kwartaalcijfer, leeg bij een jaarcijfer.",
                notatie=GETAL,
            ),
            Kolom("gemeente", "Gemeente", f"Een naam van blad {GEMEENTEN}; leeg: de regio."),
            Kolom("aanbieder", "Aanbieder", f"Een naam van blad {PARTIJEN}."),
            Kolom("waarde", "Waarde", "Een getal.", True, GETAL),
            Kolom("toelichting", "Toelichting", "Een korte toelichting."),
        ],
    )


def begroting_blad(vorm: Vorm, gemeenten: list[tuple[str, str]]) -> Bladdef:
    """`gemeenten`: (CBS code, name) of the gemeenten with agreed contributions."""
    bron = vorm.lijst(KeuzelijstSoort.BRON)
    kolommen = [
        Kolom("omschrijving", "Omschrijving", "Waarvoor het geld is.", verplicht=True),
    ]
    if bron is not None:
        kolommen.append(
            Kolom("bron", bron.naam, f"Een waarde van de lijst {bron.naam} (blad {LIJSTWAARDEN}).")
        )
    kolommen += [
        Kolom("jaar_van", "Van jaar", "Het eerste jaar.", notatie=GETAL),
        Kolom("jaar_tot_en_met", "Tot en met jaar", "Het laatste jaar.", notatie=GETAL),
        Kolom(
            "bedrag",
            "Bedrag (€)",
            "Het bedrag in euro's als getal, zonder € en zonder punten voor duizendtallen, "
            "bijv. 2500 of 2500,50.",
            notatie=BEDRAG,
        ),
        Kolom(
            "structureel",
            "Structureel",
            "Ja: elk jaar. Nee: eenmalig. Leeg: het plan zegt het niet.",
            notatie=JANEE,
        ),
        Kolom("verdeling", "Verdeling", f"{keuzes_tekst(Verdeling.choices)}. Leeg: niet gedeeld."),
        Kolom(
            "peildatum",
            "Peildatum inwonertal",
            "Bij verdeling naar rato: de datum van de inwonertallen (blad Inwonertallen).",
            notatie=DATUM,
        ),
        Kolom("reserve", "Ten laste van reserve", f"Een naam van blad {RESERVES}."),
        Kolom(
            "onderdelen",
            "Voor",
            f"Waarvoor de post is: niveau en nummer, bijv. {voorbeeld_verwijzing(vorm)}; "
            f"{SCHEIDINGSUITLEG}.",
        ),
        Kolom("toelichting", "Toelichting", "Een toelichting.", notatie=LANG),
    ]
    for code, naam in gemeenten:
        kolommen.append(
            Kolom(
                f"bijdrage:{code}",
                f"Bijdrage {naam}",
                f"Bij verdeling per gemeente: wat {naam} bijdraagt, in euro's. Voeg zo'n kolom "
                "toe voor elke gemeente met een afgesproken bijdrage.",
                notatie=BEDRAG,
            )
        )
    return Bladdef(
        BEGROTING,
        "De begrotingsposten van het plan in volgorde. Een aandeel naar rato wordt uitgerekend; "
        "een afgesproken bijdrage per gemeente staat in een kolom “Bijdrage <gemeente>”.",
        _uniek(kolommen),
    )


def reserves_blad() -> Bladdef:
    return Bladdef(
        RESERVES,
        "Gereserveerd geld (regioreserve, frictiebudget) op een peildatum.",
        [
            Kolom("naam", "Naam", "Uniek binnen het plan.", verplicht=True),
            Kolom("peildatum", "Peildatum", "De datum van het saldo.", True, DATUM),
            Kolom("saldo", "Saldo (€)", "Het saldo op de peildatum in euro's.", True, BEDRAG),
            Kolom("toelichting", "Toelichting", "Een toelichting.", notatie=LANG),
        ],
    )


def vaststellingen_blad() -> Bladdef:
    return Bladdef(
        VASTSTELLINGEN,
        "Welke gemeenteraden en colleges het plan vaststelden.",
        [
            Kolom("gemeente", "Gemeente", f"Een naam van blad {GEMEENTEN}.", verplicht=True),
            Kolom("orgaan", "Door", f"{keuzes_tekst(VaststellingOrgaan.choices)}. Leeg: raad."),
            Kolom("datum", "Datum", "De datum van het besluit.", notatie=DATUM),
            Kolom("kenmerk", "Kenmerk van het besluit", "Bijv. BW-008830."),
        ],
    )


def overlegsecties_blad() -> Bladdef:
    return Bladdef(
        OVERLEGSECTIES,
        "De groepen van de overlegstructuur zoals het plan ze drukt, in volgorde.",
        [
            Kolom("titel", "Titel", "Uniek binnen het plan.", verplicht=True),
            Kolom("hoofdstuk", "Hoofdstuk", "Het nummer van het hoofdstuk.", True, GETAL),
        ],
    )


def overleggen_blad(vorm: Vorm) -> Bladdef:
    return Bladdef(
        OVERLEGGEN,
        "Elk vast overleg, per sectie in volgorde.",
        [
            Kolom("sectie", "Sectie", f"Een titel van blad {OVERLEGSECTIES}.", verplicht=True),
            Kolom("nummer", "Nr.", "Zoals gedrukt, bijv. 4.a.", verplicht=True),
            Kolom("naam", "Naam", "De naam van het overleg.", verplicht=True),
            Kolom("trekker", "Trekker", OPMAAKUITLEG, notatie=LANG),
            Kolom("deelnemers", "Deelnemende partijen", OPMAAKUITLEG, notatie=LANG),
            Kolom("frequentie", "Frequentie en data", OPMAAKUITLEG, notatie=LANG),
            Kolom("doelstelling", "Doelstelling", OPMAAKUITLEG, notatie=LANG),
            Kolom("agenda", "Agenda", "Zoals het plan de agenda noemt.", notatie=LANG),
            Kolom("voetnoot", "Voetnoot", "Een voetnoot onder het overleg.", altijd=False),
            Kolom(
                "onderdelen",
                "Op de agenda",
                f"Niveau en nummer, bijv. {voorbeeld_verwijzing(vorm)}; {SCHEIDINGSUITLEG}.",
            ),
        ],
    )


def agendalijsten_blad() -> Bladdef:
    return Bladdef(
        AGENDALIJSTEN,
        "Genummerde agendalijsten van het plan (bijv. subregionale en lokale agenda's).",
        [
            Kolom("nummer", "Nummer", "Uniek binnen het plan.", True, GETAL),
            Kolom("titel", "Titel", "De titel van de lijst.", verplicht=True),
            Kolom(
                "inhoudstitel",
                INHOUDSTITEL,
                "Alleen als de inhoudsopgave van de pdf de lijst met een andere, kortere titel "
                "noemt, bijv. “Lokale Wmo-agenda”. Leeg: de titel.",
                altijd=False,
            ),
        ],
    )


def agendapunten_blad() -> Bladdef:
    return Bladdef(
        AGENDAPUNTEN,
        "De punten van de agendalijsten.",
        [
            Kolom("lijst", "Lijst", f"Het nummer van blad {AGENDALIJSTEN}.", True, GETAL),
            Kolom("nummer", "Nr.", "Uniek binnen de lijst.", True, GETAL),
            Kolom("subregio", "Subregio", f"Een afkorting van blad {SUBREGIOS}."),
            Kolom("omschrijving", "Omschrijving", "Het agendapunt.", True, LANG),
        ],
    )


def toetsingskaders_blad() -> Bladdef:
    return Bladdef(
        TOETSINGSKADERS,
        "De kaders (lijsten van eisen) waaraan het plan getoetst wordt; een kader dat al "
        "bestaat, wordt herkend aan het webadres.",
        [
            Kolom("slug", "Webadres", "Korte naam, bijv. “regioplan-beschermd-wonen”.", True),
            Kolom("naam", "Naam", "De naam van het kader.", verplicht=True),
            Kolom("bron", "Bron", "Waar het kader vandaan komt."),
            Kolom("omschrijving", "Omschrijving", "Een omschrijving.", notatie=LANG),
        ],
    )


def toetsingseisen_blad() -> Bladdef:
    return Bladdef(
        TOETSINGSEISEN,
        "De eisen van elk kader, in volgorde.",
        [
            Kolom("kader", "Kader", f"Een webadres van blad {TOETSINGSKADERS}.", True),
            Kolom("code", "Code", "Korte vaste naam, uniek binnen het kader.", True),
            Kolom("groep", "Groep", "Bijv. “Het plan bevat minstens”.", True),
            Kolom("titel", "Eis", "De eis.", True, LANG),
            Kolom(
                "verplicht", "Verplicht", "Ja of Nee (een aandachtspunt). Leeg: ja.", notatie=JANEE
            ),
        ],
    )


def toetsing_blad(vorm: Vorm) -> Bladdef:
    return Bladdef(
        TOETSING,
        "Waar het plan aan elke eis voldoet: wat in het plan en welke hoofdstukken haar dekken.",
        [
            Kolom("kader", "Kader", f"Een webadres van blad {TOETSINGSKADERS}.", True),
            Kolom("eis", "Code eis", f"Een code van blad {TOETSINGSEISEN}.", True),
            Kolom(
                "onderdelen",
                "Gedekt door",
                f"Niveau en nummer, bijv. {voorbeeld_verwijzing(vorm)}; {SCHEIDINGSUITLEG}.",
            ),
            Kolom(
                "hoofdstukken",
                "Hoofdstukken",
                f"Titels van blad {HOOFDSTUKKEN}; {SCHEIDINGSUITLEG}.",
            ),
            Kolom("toelichting", "Toelichting", "Een korte toelichting.", notatie=LANG),
        ],
    )


# --- The region ---------------------------------------------------------------------------------


def regio_blad() -> Bladdef:
    return Bladdef(
        REGIO,
        "De regio van het plan: één gegeven per rij. Een regio met een bestaand webadres wordt "
        "bijgewerkt, anders aangemaakt.",
        [
            Kolom("naam", "Naam", "De naam van de regio, bijv. “Noord-Veluwe”.", True),
            Kolom("slug", "Webadres", "Korte naam, bijv. “noord-veluwe”.", True),
            Kolom("soort", "Soort samenwerking", "Bijv. “jeugdregio” of “Wmo-regio”."),
        ],
        kenmerken=True,
    )


def subregios_blad() -> Bladdef:
    return Bladdef(
        SUBREGIOS,
        "De subregio's van de regio.",
        [
            Kolom("afkorting", "Afkorting", "Bijv. “MLO”; uniek in de regio.", True),
            Kolom("naam", "Naam", "Bijv. “Midden-Limburg Oost”.", True),
        ],
    )


def gemeenten_blad() -> Bladdef:
    return Bladdef(
        GEMEENTEN,
        "De gemeenten van de regio. Een gemeente wordt herkend aan haar CBS-code en kan ook in "
        "andere regio's deelnemen.",
        [
            Kolom("naam", "Naam", "De naam van de gemeente.", True),
            Kolom("cbs_code", "CBS-code", "GM en vier cijfers, bijv. GM0957.", True),
            Kolom("subregio", "Subregio", f"Een afkorting van blad {SUBREGIOS}."),
            Kolom(
                "centrumgemeente",
                "Centrumgemeente",
                "Ja bij de centrumgemeente van de regio (hoogstens één).",
                notatie=JANEE,
            ),
        ],
    )


def inwonertallen_blad() -> Bladdef:
    return Bladdef(
        INWONERTALLEN,
        "Inwonertallen op een peildatum; kosten naar rato gaan hiernaar. Een import voegt toe "
        "en werkt bij, maar verwijdert geen inwonertal: een gemeente kan ook in andere regio's "
        "deelnemen (verwijderen kan in het beheer).",
        [
            Kolom("gemeente", "Gemeente", f"Een naam van blad {GEMEENTEN}.", True),
            Kolom("peildatum", "Peildatum", "De datum.", True, DATUM),
            Kolom("aantal", "Inwoners", "Het aantal inwoners.", True, GETAL),
            Kolom("bron", "Bron", "Bijv. “CBS”."),
        ],
    )


def partijen_blad() -> Bladdef:
    return Bladdef(
        PARTIJEN,
        "Wie het plan noemt, anders dan personen: gemeenten, de regio, uitvoeringsdiensten, "
        "organisaties, werkgroepen.",
        [
            Kolom("naam", "Naam", "Uniek in de regio.", True),
            Kolom("soort", "Soort", f"{keuzes_tekst(PartijSoort.choices)}. Leeg: organisatie."),
            Kolom(
                "organisatietype",
                "Type organisatie",
                f"Alleen bij een organisatie: {keuzes_tekst(OrganisatieSoort.choices)}.",
            ),
            Kolom(
                "gemeente",
                "Gemeente",
                f"Bij soort gemeente of centrumgemeente: welke (blad {GEMEENTEN}).",
            ),
        ],
    )


def personen_blad() -> Bladdef:
    return Bladdef(
        PERSONEN,
        "Mensen die het plan noemt: trekkers, aanspreekpersonen, voorzitters.",
        [
            Kolom("naam", "Naam", "Zoals het plan de naam schrijft; uniek in de regio.", True),
            Kolom("functie", "Functie", "Bijv. “beleidsmedewerker jeugd”."),
            Kolom("gemeente", "Gemeente", f"Een naam van blad {GEMEENTEN}."),
            Kolom("organisatie", "Organisatie", f"Een naam van blad {PARTIJEN}."),
        ],
    )


# --- The shape ----------------------------------------------------------------------------------


def planvorm_blad() -> Bladdef:
    return Bladdef(
        PLANVORM,
        "De vorm van het plan: zijn niveaus, de rijen (secties) van elk niveau en zijn eigen "
        "lijsten. Een vorm die ook andere plannen gebruiken, verandert een import niet.",
        [
            Kolom("naam", "Naam", "De naam van de vorm.", True),
            Kolom(
                "slug", "Webadres", "Korte naam; een bestaande vorm wordt hieraan herkend.", True
            ),
            Kolom("omschrijving", "Omschrijving", "Een omschrijving.", notatie=LANG),
            Kolom(
                "rapportageniveau",
                "Kwartaalrapportage per",
                f"De naam van het niveau (blad {NIVEAUS}) waarvan er elk kwartaal een "
                "rapportage krijgt.",
                True,
            ),
        ],
        kenmerken=True,
    )


def niveaus_blad() -> Bladdef:
    return Bladdef(
        NIVEAUS,
        "De niveaus van het plan, van boven naar beneden; elk niveau heeft een eigen blad, "
        "genoemd naar het meervoud.",
        [
            Kolom(
                "diepte",
                "Diepte",
                "1 voor het bovenste niveau, 2 daaronder, enzovoort.",
                True,
                GETAL,
            ),
            Kolom("naam", "Naam", "Enkelvoud, zoals het plan het noemt.", True),
            Kolom("meervoud", "Meervoud", "Ook de naam van het blad van dit niveau.", True),
            Kolom("lidwoord", "Lidwoord", "“de” of “het”. Leeg: het.", notatie=TEKST),
            Kolom("slug", "Webadres", "Korte naam in webadressen; leeg: uit het meervoud."),
            Kolom(
                "code_tonen",
                "Nummer tonen",
                "Drukt het plan de nummers af? Leeg: ja.",
                notatie=JANEE,
            ),
            Kolom(
                "schaal_met_domeinen",
                "Schaal met aantal domeinen",
                "Schaal afdrukken als “R3D”? Leeg: nee.",
                notatie=JANEE,
            ),
        ],
    )


def secties_blad() -> Bladdef:
    soorten = keuzes_tekst([(s.value, s.value) for s in SectieSoort])
    return Bladdef(
        SECTIES,
        "De rijen van de tabel van elk niveau, in volgorde.",
        [
            Kolom("niveau", "Niveau", f"De naam van een niveau van blad {NIVEAUS}.", True),
            Kolom(
                "sleutel", "Sleutel", "Vaste korte naam, uniek per niveau, bijv. “planning”.", True
            ),
            Kolom("letter", "Letter", "Zoals gedrukt, bijv. “a.”."),
            Kolom("label", "Label", "De naam van de rij zoals het plan die drukt.", True),
            Kolom("soort", "Soort", f"Wat de rij toont: {soorten}.", True),
            Kolom(
                "in_rapportage",
                "In de kwartaalrapportage",
                "Toont de kwartaalrapportage deze rij? Leeg: nee.",
                notatie=JANEE,
            ),
            Kolom(
                "als_kolom",
                "Als kolom",
                "Een kolom in de tabel van het niveau erboven? Leeg: nee.",
                notatie=JANEE,
            ),
        ],
    )


def keuzelijsten_blad() -> Bladdef:
    soorten = keuzes_tekst([(s.value, s.value) for s in KeuzelijstSoort])
    return Bladdef(
        KEUZELIJSTEN,
        "De eigen lijsten van de vorm; hun waarden staan op blad Lijstwaarden.",
        [
            Kolom("soort", "Soort", f"{soorten}; elke soort hoogstens één keer.", True),
            Kolom("naam", "Naam", "Zoals het plan de lijst noemt.", True),
            Kolom("meervoud", "Meervoud", "Het meervoud van de naam."),
        ],
    )


def lijstwaarden_blad() -> Bladdef:
    return Bladdef(
        LIJSTWAARDEN,
        "De waarden van elke lijst, in volgorde.",
        [
            Kolom("lijst", "Lijst", f"Een soort van blad {KEUZELIJSTEN}.", True),
            Kolom("code", "Code", "Vaste korte naam, uniek in de lijst.", True),
            Kolom("label", "Label", "Zoals het plan de waarde noemt.", True),
            Kolom("kort", "Kort", "Zoals gedrukt in een kop, bijv. “R”."),
            Kolom("meervoud", "Meervoud", "Het meervoud van het label."),
            Kolom("betekenis", "Betekenis", "Wat de waarde betekent.", notatie=LANG),
            Kolom(
                "rapporteert",
                "Vult de kwartaalrapportage in",
                "Alleen bij rollen: Ja als wie deze rol heeft de rapportage invult.",
                notatie=JANEE,
            ),
            Kolom(
                "leidend",
                "Leidend",
                "Alleen bij rollen: Ja als deze rol getoond wordt als wie het trekt.",
                notatie=JANEE,
            ),
        ],
    )
