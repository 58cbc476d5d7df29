"""The quarterly reports in a plan's workbook: the periods and every item's report.

Registered with agenda.excel when the apps are ready (agenda does not know its reports). An
adopted period is the record of what the raad received: an import never changes it, adds to it
or removes it, and says so for every row that would.
"""

import json
import re

from agenda.excel import bladen as b
from agenda.excel import cellen
from agenda.excel.inlezen import FOUT
from agenda.excel.meldingen import Melding
from agenda.excel.synchronisatie import Record, Soort, aanmaken

from .constants import SMILEYS_MET_TOELICHTING, Dimensie, PeriodeStatus, RapportageStatus, Smiley
from .models import Rapportageperiode, ThemaRapportage

PERIODEN = "Rapportageperioden"
RAPPORTAGES = "Rapportages"
PERIODECODE = re.compile(r"\s*(\d{4})\s*-?\s*Q\s*([1-4])\s*", re.IGNORECASE)
SMILEYS = [(s.value, s.label) for s in Smiley if s.value]
VERANDERT_NIET = (
    "een import verandert een vastgestelde periode niet. Zet de rij terug zoals hij was, of "
    "laat de transformatiemanager de periode eerst heropenen."
)


def periodecode(periode) -> str:
    return f"{periode.jaar}-Q{periode.kwartaal}"


class Periodesoort(Soort):
    model = Rapportageperiode
    naam = "rapportageperiode"
    sleutel = ("plan", "jaar", "kwartaal")
    velden = ("titel", "deadline", "status", "vastgesteld_op", "inleiding", "samenvatting")

    def bestaande(self, ctx):
        if ctx.plan is None:
            return Rapportageperiode.objects.none()
        return Rapportageperiode.objects.filter(plan=ctx.plan)

    def omschrijving(self, obj):
        return f"rapportageperiode {periodecode(obj)}"

    def beschrijving(self, rec):
        return f"rapportageperiode {rec.velden['jaar']}-Q{rec.velden['kwartaal']}"

    def controleren(self, verschil, ctx, fouten):
        open_in_database = next(
            (p for p in self.bestaande(ctx) if p.status == PeriodeStatus.OPEN), None
        )
        if open_in_database is not None:
            for rec in verschil.nieuw:
                if _vastgesteld(rec):
                    fouten.append(
                        Melding(
                            rec.blad,
                            rec.rij,
                            "Status",
                            f"{_recordcode(rec)} komt er vastgesteld bij, maar "
                            f"{periodecode(open_in_database)} staat open. Een vastgesteld "
                            "kwartaal uit een werkboek wordt eerst geopend, gevuld en dan "
                            "vastgesteld, en er is maar één periode tegelijk open. Importeer het "
                            "als de open periode is vastgesteld.",
                        )
                    )
        for rec in verschil.gewijzigd:
            if rec.obj.status == PeriodeStatus.VASTGESTELD:
                fouten.append(
                    Melding(
                        rec.blad,
                        rec.rij,
                        "",
                        f"{periodecode(rec.obj)} is vastgesteld; {VERANDERT_NIET}",
                    )
                )
            elif rec.velden.get("status") == PeriodeStatus.VASTGESTELD:
                fouten.append(
                    Melding(
                        rec.blad,
                        rec.rij,
                        "Status",
                        f"{periodecode(rec.obj)} is open; vaststellen gebeurt in de "
                        "rapportagecyclus (dan wordt het rapport bevroren en gearchiveerd), niet "
                        "met een import.",
                    )
                )
        for obj in verschil.verwijderd:
            if obj.status == PeriodeStatus.VASTGESTELD:
                fouten.append(
                    Melding(
                        PERIODEN,
                        0,
                        "",
                        f"{periodecode(obj)} is vastgesteld en staat niet in het bestand; "
                        f"{VERANDERT_NIET}",
                    )
                )

    def schrijfgroepen(self, records):
        """Adopted quarters one at a time, oldest first, before the rest: the database takes
        reports only into an open period and holds one period open at a time (na_groep)."""
        vastgesteld = sorted(
            (r for r in records if _vastgesteld(r)),
            key=lambda r: (r.velden["jaar"], r.velden["kwartaal"]),
        )
        rest = [r for r in records if not _vastgesteld(r)]
        return [[r] for r in vastgesteld] + ([rest] if rest else [])

    def voor_schrijven(self, rec, obj):
        if obj.pk is None and _vastgesteld(rec):
            obj.status, obj.vastgesteld_op = PeriodeStatus.OPEN, None
        return ()

    def na_groep(self, groep, verschillen):
        """An adopted quarter from the workbook goes the way the cycle took: inserted open,
        its reports added locked, then adopted, so every rule of the database holds."""
        if len(groep) != 1 or not _vastgesteld(groep[0]):
            return
        rec = groep[0]
        for verschil in verschillen:
            if isinstance(verschil.soort, Rapportsoort):
                eigen = [r for r in verschil.nieuw if r.velden["periode"] is rec]
                aanmaken(verschil.soort, eigen)
        periode = rec.obj
        periode.status = PeriodeStatus.VASTGESTELD
        periode.vastgesteld_op = rec.velden.get("vastgesteld_op")
        Rapportageperiode.objects.filter(pk=periode.pk).update(
            status=periode.status, vastgesteld_op=periode.vastgesteld_op
        )


def _vastgesteld(rec) -> bool:
    return rec.velden.get("status") == PeriodeStatus.VASTGESTELD


def _recordcode(rec) -> str:
    return f"{rec.velden['jaar']}-Q{rec.velden['kwartaal']}"


class Rapportsoort(Soort):
    model = ThemaRapportage
    naam = "rapportage"
    sleutel = ("periode", "onderdeel")
    velden = (
        "status",
        "weergave",
        "tijd_smiley",
        "tijd_tekst",
        "kosten_smiley",
        "kosten_tekst",
        "bijzonderheden_smiley",
        "bijzonderheden_tekst",
        "opmerking_manager",
        "gekopieerd",
    )

    def bestaande(self, ctx):
        if ctx.plan is None:
            return ThemaRapportage.objects.none()
        return ThemaRapportage.objects.filter(periode__plan=ctx.plan).select_related(
            "periode", "onderdeel__niveau"
        )

    def omschrijving(self, obj):
        return f"rapportage {periodecode(obj.periode)} van {obj.onderdeel.aanduiding}"

    def beschrijving(self, rec):
        if rec.obj is not None and rec.obj.pk:
            return self.omschrijving(rec.obj)
        periode, onderdeel = rec.velden["periode"], rec.velden["onderdeel"]
        code = (
            f"{periode.velden['jaar']}-Q{periode.velden['kwartaal']}"
            if isinstance(periode, Record)
            else periodecode(periode)
        )
        return f"rapportage {code} van {onderdeel.extra['niveau'].klein} {onderdeel.velden['code']}"

    def controleren(self, verschil, ctx, fouten):
        for rec in verschil.gewijzigd:
            if rec.obj.vergrendeld or rec.obj.periode.status == PeriodeStatus.VASTGESTELD:
                fouten.append(
                    Melding(
                        rec.blad,
                        rec.rij,
                        "",
                        f"de {self.omschrijving(rec.obj)} is vastgesteld; {VERANDERT_NIET}",
                    )
                )
        for rec in verschil.nieuw:
            periode = rec.velden["periode"]
            obj = periode.obj if isinstance(periode, Record) else periode
            if obj is not None and obj.pk and obj.status == PeriodeStatus.VASTGESTELD:
                fouten.append(
                    Melding(
                        rec.blad,
                        rec.rij,
                        "",
                        f"{periodecode(obj)} is vastgesteld; een import voegt er geen rapportage "
                        "aan toe. Haal de rij weg, of laat de periode eerst heropenen.",
                    )
                )
        for obj in verschil.verwijderd:
            if obj.vergrendeld or obj.periode.status == PeriodeStatus.VASTGESTELD:
                fouten.append(
                    Melding(
                        RAPPORTAGES,
                        0,
                        "",
                        f"de {self.omschrijving(obj)} is vastgesteld en staat niet in het "
                        f"bestand; {VERANDERT_NIET}",
                    )
                )

    def voor_schrijven(self, rec, obj):
        """A new report of an adopted period is locked like the cycle locks it; a changed one
        counts a version, so a form someone has open cannot overwrite the import unseen."""
        periode = rec.velden["periode"]
        status = periode.velden.get("status") if isinstance(periode, Record) else periode.status
        if obj.pk is None:
            obj.vergrendeld = status == PeriodeStatus.VASTGESTELD
            return ()
        obj.versie += 1
        return ("versie",)


def _periodecode(waarde):
    if cellen.leeg(waarde):
        return None
    gevonden = PERIODECODE.fullmatch(cellen.naam(waarde))
    if gevonden is None:
        raise cellen.CelFout(
            f"“{cellen.naam(waarde)}” is geen periode; schrijf jaar en kwartaal als 2015-Q2"
        )
    return int(gevonden[1]), int(gevonden[2])


def _smiley(waarde):
    return cellen.keuze(waarde, SMILEYS, wat="smiley")


def _weergave(waarde):
    if cellen.leeg(waarde):
        return {}
    try:
        gegevens = json.loads(cellen.tekst(waarde))
    except ValueError:
        gegevens = None
    if not isinstance(gegevens, dict):
        raise cellen.CelFout(
            "deze kolom bewaart hoe een vastgesteld rapport het onderdeel toonde en wordt door "
            "de applicatie gevuld; laat haar zoals ze was, of maak de cel leeg"
        )
    return gegevens


class Rapportagebladen:
    def __init__(self):
        self.periodesoort = Periodesoort()
        self.rapportsoort = Rapportsoort()
        self.soorten = [self.periodesoort, self.rapportsoort]

    def bladdefinities(self, vorm) -> list[b.Bladdef]:
        niveau = vorm.rapportageniveau
        naam = niveau.naam if niveau else "Nummer"
        perioden = b.Bladdef(
            PERIODEN,
            "De kwartalen van de rapportagecyclus. Een vastgestelde periode is wat de raad "
            "ontving: een import verandert die niet.",
            [
                b.Kolom("periode", "Periode", "Jaar en kwartaal, bijv. 2015-Q2.", True),
                b.Kolom("titel", "Titel", "Bijv. “Rapportage juli 2015”."),
                b.Kolom(
                    "deadline",
                    "Deadline",
                    "De datum waarop de rapportages klaar zijn.",
                    notatie=b.DATUM,
                ),
                b.Kolom(
                    "status",
                    "Status",
                    f"{b.keuzes_tekst(PeriodeStatus.choices)}. Leeg: open. Hoogstens één periode "
                    "is open.",
                ),
                b.Kolom(
                    "vastgesteld_op",
                    "Vastgesteld op",
                    "Bij een vastgestelde periode.",
                    notatie=b.DATUM,
                ),
                b.Kolom("inleiding", "Inleiding", b.OPMAAKUITLEG, notatie=b.LANG),
                b.Kolom("samenvatting", "Samenvatting", b.OPMAAKUITLEG, notatie=b.LANG),
            ],
        )
        kolommen = [
            b.Kolom("periode", "Periode", f"Een periode van blad {PERIODEN}.", True),
            b.Kolom(
                "onderdeel",
                naam,
                f"Het nummer van {niveau.lidwoord_klein if niveau else 'het onderdeel'} "
                f"(blad {b.niveaubladen(vorm).get(niveau.diepte, '') if niveau else ''}).",
                True,
            ),
            b.Kolom(
                "status", "Status", f"{b.keuzes_tekst(RapportageStatus.choices)}. Leeg: concept."
            ),
        ]
        for dimensie in Dimensie:
            kort = {"tijd": "proces", "kosten": "kosten", "bijzonderheden": "bijzonderheden"}[
                dimensie.value
            ]
            kolommen += [
                b.Kolom(
                    f"{dimensie.value}_smiley",
                    f"Smiley {kort}",
                    f"{b.keuzes_tekst(SMILEYS)}, of leeg (nog niet gerapporteerd).",
                ),
                b.Kolom(
                    f"{dimensie.value}_tekst",
                    dimensie.label,
                    "Verplicht bij oranje en rood. " + b.OPMAAKUITLEG,
                    notatie=b.LANG,
                ),
            ]
        kolommen += [
            b.Kolom(
                "opmerking_manager",
                "Opmerking bij terugsturen",
                "Waarom de rapportage terug is gestuurd.",
                notatie=b.LANG,
                altijd=False,
            ),
            b.Kolom(
                "gekopieerd",
                "Overgenomen van vorig kwartaal",
                "Ja zolang de rapportage een ongewijzigde kopie van het vorige kwartaal is.",
                notatie=b.JANEE,
                altijd=False,
            ),
            b.Kolom(
                "weergave",
                "Zoals gerapporteerd",
                "Hoe het vastgestelde rapport de regel toonde (bevroren bij vaststelling, in "
                "JSON). Wordt door de applicatie gevuld; niet wijzigen.",
                altijd=False,
            ),
        ]
        rapportages = b.Bladdef(
            RAPPORTAGES,
            f"Per kwartaal de rapportage van elk{'e' if niveau and niveau.lidwoord == 'de' else ''} "
            f"{niveau.klein if niveau else 'regel'}: een smiley en een tekst voor proces, kosten "
            "en bijzonderheden.",
            kolommen,
        )
        return [perioden, rapportages]

    def rijen(self, vorm, plan, *, alleen_vastgesteld: bool) -> dict[str, list[dict]]:
        if plan is None:
            return {}
        perioden = plan.rapportageperiodes.order_by("jaar", "kwartaal")
        if alleen_vastgesteld:
            perioden = perioden.filter(status=PeriodeStatus.VASTGESTELD)
        perioden = list(perioden)
        rapporten = (
            ThemaRapportage.objects.filter(periode__in=perioden)
            .select_related("periode", "onderdeel")
            .order_by("periode__jaar", "periode__kwartaal", "onderdeel__pad", "pk")
        )
        return {
            PERIODEN: [
                {
                    "periode": periodecode(p),
                    "titel": p.titel,
                    "deadline": p.deadline,
                    "status": p.get_status_display(),
                    "vastgesteld_op": p.vastgesteld_op,
                    "inleiding": p.inleiding,
                    "samenvatting": p.samenvatting,
                }
                for p in perioden
            ],
            RAPPORTAGES: [
                {
                    "periode": periodecode(r.periode),
                    "onderdeel": r.onderdeel.code,
                    "status": r.get_status_display(),
                    **{
                        f"{d.value}_{deel}": getattr(r, f"{d.value}_{deel}")
                        if deel == "tekst"
                        else cellen.keuzelabel(getattr(r, f"{d.value}_smiley"), SMILEYS)
                        for d in Dimensie
                        for deel in ("smiley", "tekst")
                    },
                    "opmerking_manager": r.opmerking_manager,
                    "gekopieerd": "Ja" if r.gekopieerd else "",
                    "weergave": json.dumps(r.weergave, ensure_ascii=False, sort_keys=True)
                    if r.weergave
                    else "",
                }
                for r in rapporten
            ],
        }

    def lezen(self, lezer) -> None:
        vorm = lezer.gelezen.vorm
        perioden_def, rapporten_def = self.bladdefinities(vorm)
        plan = lezer.gelezen.plan
        perioden = {}
        tabel = lezer.tabel(perioden_def, Rapportageperiode)
        if tabel is not None:
            lezer.begin(self.periodesoort)
            open_rij = None
            van, tot = plan.velden.get("jaar_van"), plan.velden.get("jaar_tot_en_met")
            for rij in tabel.rijen():
                code = rij.lees("periode", _periodecode)
                velden = {"plan": plan}
                rij.zet(velden, "titel", lezer=cellen.naam)
                rij.zet(velden, "deadline", lezer=cellen.datum)
                rij.zet(
                    velden,
                    "status",
                    lezer=_status(PeriodeStatus.OPEN),
                    keuzes=PeriodeStatus.choices,
                )
                rij.zet(velden, "vastgesteld_op", lezer=cellen.datum)
                rij.zet(velden, "inleiding")
                rij.zet(velden, "samenvatting")
                if rij.fouten or code in (None, FOUT):
                    continue
                jaar, kwartaal = code
                velden["jaar"], velden["kwartaal"] = jaar, kwartaal
                status = velden.get("status", PeriodeStatus.OPEN)
                velden["status"] = status
                if van and tot and not van <= jaar <= tot:
                    rij.fout(
                        "periode", f"{jaar} valt buiten de looptijd van het plan ({van}–{tot})."
                    )
                deadline = velden.get("deadline")
                if deadline is not None and (deadline.year, deadline.month) < (
                    jaar,
                    3 * kwartaal - 2,
                ):
                    rij.fout("deadline", "de deadline ligt vóór het begin van het kwartaal.")
                if (
                    status == PeriodeStatus.VASTGESTELD
                    and not velden.get("vastgesteld_op")
                    and "vastgesteld_op" not in rij.foute_kolommen
                ):
                    rij.fout("vastgesteld_op", "vul de datum van vaststelling in.")
                if status == PeriodeStatus.OPEN:
                    if open_rij is not None:
                        rij.fout(
                            "status",
                            f"er is hoogstens één open periode, en rij {open_rij} is er al één.",
                        )
                    open_rij = rij.nummer
                if code in perioden:
                    rij.fout("periode", "deze periode staat al op een eerdere rij.")
                perioden[code] = lezer.record(self.periodesoort, velden, rij)
        elif lezer.gelezen.context.plan is not None:
            perioden = {
                (p.jaar, p.kwartaal): p for p in lezer.gelezen.context.plan.rapportageperiodes.all()
            }
        tabel = lezer.tabel(rapporten_def, ThemaRapportage)
        if tabel is None:
            return
        lezer.begin(self.rapportsoort)
        niveau = vorm.rapportageniveau
        gezien = {}
        for rij in tabel.rijen():
            code = rij.lees("periode", _periodecode)
            periode = perioden.get(code) if code not in (None, FOUT) else None
            if code not in (None, FOUT) and periode is None:
                rij.fout("periode", f"{code[0]}-Q{code[1]} staat niet op blad {PERIODEN}.")
            nummer = cellen.naam(rij.ruw("onderdeel")).rstrip(".")
            onderdeel = lezer.onderdelen.get((niveau.diepte, nummer)) if niveau and nummer else None
            if nummer and onderdeel is None:
                rij.fout(
                    "onderdeel",
                    f"{niveau.klein if niveau else ''} {nummer} staat niet op blad "
                    f"{b.niveaubladen(vorm).get(niveau.diepte, '') if niveau else ''}.",
                )
            velden = {"periode": periode, "onderdeel": onderdeel}
            rij.zet(
                velden,
                "status",
                lezer=_status(RapportageStatus.CONCEPT),
                keuzes=RapportageStatus.choices,
            )
            for dimensie in Dimensie:
                rij.zet(velden, f"{dimensie.value}_smiley", lezer=_smiley)
                rij.zet(velden, f"{dimensie.value}_tekst")
                smiley = velden.get(f"{dimensie.value}_smiley")
                if (
                    smiley in SMILEYS_MET_TOELICHTING
                    and not (velden.get(f"{dimensie.value}_tekst") or "").strip()
                ):
                    rij.fout(
                        f"{dimensie.value}_tekst",
                        f"een toelichting is verplicht bij {Smiley(smiley).label.lower()}.",
                    )
            rij.zet(velden, "opmerking_manager")
            rij.zet(velden, "gekopieerd", lezer=cellen.ja_nee)
            rij.zet(velden, "weergave", lezer=_weergave)
            if rij.fouten or periode is None or onderdeel is None:
                continue
            if lezer.uniek(gezien, (code, nummer), rij, "onderdeel", "Deze rapportage"):
                lezer.record(self.rapportsoort, velden, rij)


def _status(standaard):
    def lezen(waarde, keuzes):
        gekozen = cellen.keuze(waarde, keuzes, wat="status")
        return gekozen or standaard

    return lezen
