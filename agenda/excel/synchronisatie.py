"""Making the database equal to a workbook: what to create, change and remove, and doing it.

The workbook is read into `Record`s, one per row, grouped by `Soort` (a model with the natural key
its rows are found by: a gemeente by its CBS code, an item by its level and number). Comparing
finds each record's row in the database; a record whose fields all equal the row leaves it
untouched (no write, no history). Writing happens in bulk, kind by kind in the order of their
dependencies, so the number of queries does not grow with the number of rows; every created or
changed row gets exactly one history record, with the import as its reason. Rows to remove are
only removed when the caller says so (the beheerder confirmed), one by one, so each gets its
history record and reason too.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import connection, models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.signals import pre_save
from django.utils import timezone

from ..signalen import historie_geschreven
from ..vormcache import VORMMODELLEN, vormen_gewijzigd

NIEUW = object()  # a reference to a row that does not exist yet: no existing row can match it
PARTIJ = 500  # rows per bulk statement


@dataclass(eq=False)
class Record:
    """One row of the workbook: field values, references to other records, where it came from."""

    soort: "Soort"
    velden: dict
    m2m: dict = field(default_factory=dict)
    blad: str = ""
    rij: int = 0
    positie: int = 0  # its place among its siblings in the workbook (set when comparing)
    obj: models.Model | None = None
    actie: str = ""  # "nieuw", "gewijzigd" or "gelijk"
    gewijzigd: list = field(default_factory=list)
    stil: list = field(default_factory=list)  # derived fields to correct without history
    extra: dict = field(default_factory=dict)  # what a kind needs besides fields (its level)


def _kort(tekst: str, lengte: int = 70) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


def pk_van(waarde):
    """What a field value is stored as: a record or model as its primary key."""
    if isinstance(waarde, Record):
        if waarde.obj is None or waarde.obj.pk is None:
            return NIEUW
        return waarde.obj.pk
    if isinstance(waarde, models.Model):
        return waarde.pk if waarde.pk is not None else NIEUW
    return waarde


class Soort:
    """How the rows of one model are found, compared and written."""

    model: type[models.Model]
    naam = ""
    sleutel: tuple[str, ...] = ()  # the natural key; with `positioneel`, `volgorde` is the rank
    velden: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()
    afgeleid: tuple[str, ...] = ()  # follow from other fields: corrected without history
    uitgesteld: tuple[str, ...] = ()  # point to a kind written later (the shape's level)
    volgorde: str | None = None
    groep: tuple[str, ...] = ()  # the fields whose rows are ordered among each other
    volgorde_start = 0
    telt = True  # counted in the preview (not when it is part of another kind's row)
    positioneel = False  # the key is the position among siblings (a list without names)
    verwijderen = True  # rows missing from the workbook are removed (after confirmation)

    def bestaande(self, ctx) -> models.QuerySet:
        raise NotImplementedError

    def omschrijving(self, obj) -> str:
        """A row of the database, as the preview names it."""
        return f"{self.naam} {obj}"

    def beschrijving(self, rec: Record) -> str:
        """A row of the workbook, as the preview names it."""
        if rec.obj is not None and rec.obj.pk is not None:
            return self.omschrijving(rec.obj)
        for veld in ("naam", "titel", "label", "omschrijving", "code", "slug", "tekst"):
            waarde = rec.velden.get(veld)
            if isinstance(waarde, str) and waarde:
                return f"{self.naam} {_kort(waarde)}"
        return self.naam

    def verwijdervolgorde(self, objecten: list) -> list:
        return objecten

    def afleiden(self, records: list[Record], ctx):
        """Set derived field values on the records once their order is known."""

    def controleren(self, verschil: "Verschil", ctx, fouten: list):
        """Rules that depend on what is in the database (adopted reports, shared shapes)."""

    def schrijfgroepen(self, records: list[Record]) -> list[list[Record]]:
        return [records]

    def na_groep(self, groep: list[Record], verschillen: list["Verschil"]):
        """After a group of new rows is inserted: rows of a later kind that the database only
        accepts at this moment are written here (their kind then leaves them as they are)."""

    def voor_schrijven(self, rec: Record, obj) -> tuple[str, ...]:
        """Last touches on a row about to be saved; returns extra fields it set."""
        return ()

    def _attname(self, veld):
        return self.model._meta.get_field(veld).attname

    def sleutel_van_obj(self, obj, rang=None) -> tuple:
        return tuple(
            rang
            if (self.positioneel and veld == self.volgorde)
            else getattr(obj, self._attname(veld))
            for veld in self.sleutel
        )

    def sleutel_van_record(self, rec: Record) -> tuple | None:
        waarden = []
        for veld in self.sleutel:
            if self.positioneel and veld == self.volgorde:
                waarde = rec.positie
            else:
                waarde = pk_van(rec.velden.get(veld))
            if waarde is NIEUW:
                return None
            waarden.append(waarde)
        return tuple(waarden)

    def groep_van_record(self, rec: Record) -> tuple:
        return tuple(
            id(w) if isinstance(w, Record) else pk_van(w)
            for w in (rec.velden.get(veld) for veld in self.groep)
        )


@dataclass
class Verschil:
    soort: Soort
    nieuw: list[Record]
    gewijzigd: list[Record]
    stil: list[Record]
    verwijderd: list
    gelijk: int
    alle: list = field(default_factory=list)


def vergelijken(soorten: list[Soort], records: dict, ctx, fouten: list) -> list[Verschil]:
    """Find each record's row; decide what is new, changed, equal, and what is left over."""
    verschillen = []
    for soort in soorten:
        lijst = records.get(soort)
        if lijst is None:  # the workbook does not hold this kind: leave it as it is
            continue
        _posities(soort, lijst)
        index = _index(soort, list(soort.bestaande(ctx)))
        for rec in lijst:
            sleutel = soort.sleutel_van_record(rec)
            rec.obj = index.pop(sleutel, None) if sleutel is not None else None
        _volgorde_bepalen(soort, lijst)
        soort.afleiden(lijst, ctx)
        huidige_m2m = _huidige_m2m(soort, [r.obj for r in lijst if r.obj is not None])
        for rec in lijst:
            _vergelijk_record(soort, rec, huidige_m2m)
        verschil = Verschil(
            soort,
            nieuw=[r for r in lijst if r.actie == "nieuw"],
            gewijzigd=[r for r in lijst if r.actie == "gewijzigd"],
            stil=[r for r in lijst if r.actie == "gelijk" and r.stil],
            verwijderd=list(index.values()) if soort.verwijderen else [],
            gelijk=sum(1 for r in lijst if r.actie == "gelijk"),
            alle=lijst,
        )
        verschillen.append(verschil)
    _uitgesteld_vergelijken(verschillen, records)
    for verschil in verschillen:
        verschil.soort.controleren(verschil, ctx, fouten)
    return verschillen


def _uitgesteld_vergelijken(verschillen: list[Verschil], records: dict):
    """Fields pointing at a kind compared later (a shape's reported level) once that kind has
    found its rows."""
    for verschil in verschillen:
        soort = verschil.soort
        if not soort.uitgesteld:
            continue
        for rec in records[soort]:
            if rec.obj is None:
                continue
            for veld in soort.uitgesteld:
                gewenst = pk_van(rec.velden.get(veld)) if veld in rec.velden else None
                if veld in rec.velden and (
                    gewenst is NIEUW or gewenst != getattr(rec.obj, soort._attname(veld))
                ):
                    rec.gewijzigd.append(veld)
            if rec.gewijzigd and rec.actie == "gelijk":
                rec.actie = "gewijzigd"
                verschil.gewijzigd.append(rec)
                verschil.gelijk -= 1
                if rec in verschil.stil:
                    verschil.stil.remove(rec)


def _posities(soort: Soort, lijst: list[Record]):
    tellers: dict[tuple, int] = {}
    for rec in lijst:
        groep = soort.groep_van_record(rec)
        rec.positie = tellers.get(groep, 0)
        tellers[groep] = rec.positie + 1


def _index(soort: Soort, bestaand: list) -> dict:
    if not soort.positioneel:
        return {soort.sleutel_van_obj(obj): obj for obj in bestaand}
    groepen: dict[tuple, list] = {}
    for obj in bestaand:
        groep = tuple(getattr(obj, soort._attname(veld)) for veld in soort.groep)
        groepen.setdefault(groep, []).append(obj)
    index = {}
    for leden in groepen.values():
        leden.sort(key=lambda o: (getattr(o, soort.volgorde), o.pk))
        for rang, obj in enumerate(leden):
            index[soort.sleutel_van_obj(obj, rang)] = obj
    return index


def _volgorde_bepalen(soort: Soort, lijst: list[Record]):
    """Order among siblings follows the rows of the workbook. Numbers already stored are kept
    while the order is the same (an unchanged workbook changes nothing) and new rows come after
    them; a changed order numbers the siblings again from the start."""
    if soort.volgorde is None:
        return
    groepen: dict[tuple, list[Record]] = {}
    for rec in lijst:
        groepen.setdefault(soort.groep_van_record(rec), []).append(rec)
    for leden in groepen.values():
        bestaand = [(getattr(r.obj, soort.volgorde), r.obj.pk) for r in leden if r.obj is not None]
        aaneen = all(r.obj is not None for r in leden[: len(bestaand)])
        oplopend = bestaand == sorted(bestaand) and len({v for v, _ in bestaand}) == len(bestaand)
        if aaneen and oplopend:
            volgende = bestaand[-1][0] + 1 if bestaand else soort.volgorde_start
            for rec in leden:
                if rec.obj is not None:
                    rec.velden[soort.volgorde] = getattr(rec.obj, soort.volgorde)
                else:
                    rec.velden[soort.volgorde] = volgende
                    volgende += 1
        else:
            for positie, rec in enumerate(leden):
                rec.velden[soort.volgorde] = soort.volgorde_start + positie


def _through(model, veld: str):
    m2m = model._meta.get_field(veld)
    return m2m.remote_field.through, m2m.m2m_field_name(), m2m.m2m_reverse_field_name()


def _links(model, veld: str, pks: list) -> dict[int, set]:
    through, bron, doel = _through(model, veld)
    per_obj: dict[int, set] = {}
    if pks:
        for bron_id, doel_id in through.objects.filter(**{f"{bron}_id__in": pks}).values_list(
            f"{bron}_id", f"{doel}_id"
        ):
            per_obj.setdefault(bron_id, set()).add(doel_id)
    return per_obj


def _huidige_m2m(soort: Soort, objecten: list) -> dict[str, dict[int, set]]:
    pks = [o.pk for o in objecten]
    return {veld: _links(soort.model, veld, pks) for veld in soort.m2m}


def _vergelijk_record(soort: Soort, rec: Record, huidige_m2m):
    if rec.obj is None:
        rec.actie = "nieuw"
        return
    for veld in (*soort.velden, *soort.afgeleid):
        if veld not in rec.velden:
            continue  # the column is not in the workbook: the field stays as it is
        gewenst = pk_van(rec.velden[veld])
        if gewenst is NIEUW or gewenst != getattr(rec.obj, soort._attname(veld)):
            (rec.stil if veld in soort.afgeleid else rec.gewijzigd).append(veld)
    for veld in soort.m2m:
        if veld not in rec.m2m:
            continue
        gewenst = {pk_van(doel) for doel in rec.m2m[veld]}
        if NIEUW in gewenst or gewenst != huidige_m2m[veld].get(rec.obj.pk, set()):
            rec.gewijzigd.append(veld)
    rec.actie = "gewijzigd" if rec.gewijzigd else "gelijk"


def handtekening(verschillen: list[Verschil]) -> str:
    """A fingerprint of exactly what would be written and removed, so that what the beheerder
    confirms is what was shown (nobody changed the plan in between)."""
    h = hashlib.sha256()
    for verschil in verschillen:
        h.update(verschil.soort.model._meta.label.encode())
        for rec in verschil.nieuw + verschil.gewijzigd:
            h.update(f"|{rec.actie}|{rec.blad}|{rec.rij}|{sorted(rec.gewijzigd)}".encode())
            if rec.obj is not None and rec.obj.pk is not None:
                h.update(f"|{rec.obj.pk}".encode())
                for veld in rec.gewijzigd:
                    if veld not in verschil.soort.m2m:
                        h.update(repr(getattr(rec.obj, verschil.soort._attname(veld))).encode())
        for obj in verschil.verwijderd:
            h.update(f"|-{obj.pk}".encode())
    return h.hexdigest()


# --- Checking removals --------------------------------------------------------------------------


def verwijderingen_controleren(verschillen: list[Verschil], beschrijf) -> list:
    """Removing a row may take other rows with it (cascade) or be refused (protect). What a
    removal would take along that the preview does not list, or what protects it, is reported
    before anything is written: `beschrijf(obj, verschil, soort)` words it."""
    fouten = []
    weg = {(type(o), o.pk) for v in verschillen for o in v.verwijderd}
    for verschil in verschillen:
        if not verschil.verwijderd:
            continue
        collector = Collector(using=router.db_for_write(verschil.soort.model))
        try:
            collector.collect(verschil.verwijderd)
        except (ProtectedError, RestrictedError) as fout:
            objecten = getattr(fout, "protected_objects", None) or fout.restricted_objects
            buiten = [o for o in objecten if (type(o), o.pk) not in weg]
            if buiten:
                fouten.append(beschrijf(buiten[0], verschil, "beschermd"))
            continue
        for model, objecten in collector.data.items():
            if model._meta.auto_created or model.__name__.startswith("Historical"):
                continue
            buiten = [o for o in objecten if (model, o.pk) not in weg]
            if buiten:
                fouten.append(beschrijf(buiten[0], verschil, "meegenomen"))
    return fouten


# --- Writing ------------------------------------------------------------------------------------


def schrijven(verschillen: list[Verschil], *, verwijderen: bool, reden: str, door):
    """Write every difference; the caller holds the transaction."""
    gemaakt, bijgewerkt = {}, {}
    for verschil in verschillen:
        soort = verschil.soort
        gemaakt[soort] = aanmaken(soort, verschil.nieuw, verschillen)
        bijgewerkt[soort] = _bijwerken(soort, verschil.gewijzigd, verschil.stil)
        _m2m_schrijven(soort, verschil.nieuw + verschil.gewijzigd)
    _uitgestelde_velden(verschillen)
    if verwijderen:
        for verschil in reversed(verschillen):
            for obj in verschil.soort.verwijdervolgorde(verschil.verwijderd):
                obj._change_reason = reden
                obj._history_user = door
                obj.delete()
    for verschil in verschillen:
        soort = verschil.soort
        _historie_schrijven(soort, gemaakt[soort], bijgewerkt[soort], reden, door)
    if any(
        v.soort.model in VORMMODELLEN and (v.nieuw or v.gewijzigd or v.stil or v.verwijderd)
        for v in verschillen
    ):
        # Bulk writes send no signals: every process reads the shapes again on its next page
        # (all shapes, as a workbook that changes one is rare and this is one cheap update).
        vormen_gewijzigd()


def _waarde_zetten(obj, model, veld, waarde):
    f = model._meta.get_field(veld)
    setattr(obj, f.attname, pk_van(waarde) if f.is_relation and waarde is not None else waarde)


def _opslaan_melden(model, obj):
    """Bulk writes send no signals; rules that listen before a save still hear of it. History is written here, not by simple-history's
    post_save, so each row gets exactly one record."""
    if not pre_save.has_listeners(model):
        return
    pre_save.send(
        sender=model, instance=obj, raw=False, using=router.db_for_write(model), update_fields=None
    )


def aanmaken(soort: Soort, nieuw: list[Record], verschillen: list[Verschil] = ()) -> list:
    objecten = []
    for groep in soort.schrijfgroepen(nieuw):
        batch = []
        for rec in groep:
            if rec.obj is not None and rec.obj.pk is not None:  # written by an earlier kind
                objecten.append(rec.obj)
                continue
            obj = soort.model()
            for veld, waarde in rec.velden.items():
                if veld not in soort.uitgesteld:
                    _waarde_zetten(obj, soort.model, veld, waarde)
            soort.voor_schrijven(rec, obj)
            _opslaan_melden(soort.model, obj)
            rec.obj = obj
            batch.append(obj)
        soort.model.objects.bulk_create(batch, batch_size=PARTIJ)
        objecten += batch
        soort.na_groep(groep, verschillen)
    return objecten


def _bijwerken(soort: Soort, gewijzigd: list[Record], stil: list[Record]) -> list:
    """Changed rows (with history), and rows whose derived fields alone are corrected (an item's
    position in the outline after its parent moved: as Onderdeel.save does, without history)."""
    velden: set[str] = set()
    objecten = []
    for rec in gewijzigd + stil:
        for veld in rec.gewijzigd + rec.stil:
            if veld in soort.m2m or veld in soort.uitgesteld:
                continue
            _waarde_zetten(rec.obj, soort.model, veld, rec.velden[veld])
            velden.add(veld)
        if rec.actie == "gewijzigd":
            velden.update(soort.voor_schrijven(rec, rec.obj))
            _opslaan_melden(soort.model, rec.obj)
        objecten.append(rec.obj)
    if objecten and velden:
        soort.model.objects.bulk_update(objecten, sorted(velden), batch_size=PARTIJ)
    return [rec.obj for rec in gewijzigd]


def _m2m_schrijven(soort: Soort, records: list[Record]):
    for veld in soort.m2m:
        through, bron, doel = _through(soort.model, veld)
        te_wijzigen = [
            r for r in records if veld in r.m2m and (r.actie == "nieuw" or veld in r.gewijzigd)
        ]
        huidig = _links(soort.model, veld, [r.obj.pk for r in te_wijzigen if r.actie != "nieuw"])
        weg, erbij = {}, []
        for rec in te_wijzigen:
            gewenst = {pk_van(d) for d in rec.m2m[veld]}
            nu = huidig.get(rec.obj.pk, set())
            if nu - gewenst:
                weg.setdefault(rec.obj.pk, set()).update(nu - gewenst)
            erbij += [through(**{f"{bron}_id": rec.obj.pk, f"{doel}_id": d}) for d in gewenst - nu]
        if weg:
            filter_ = models.Q()
            for bron_id, doelen in weg.items():
                filter_ |= models.Q(**{f"{bron}_id": bron_id, f"{doel}_id__in": doelen})
            through.objects.filter(filter_).delete()
        if erbij:
            through.objects.bulk_create(erbij, batch_size=PARTIJ)


def _uitgestelde_velden(verschillen: list[Verschil]):
    for verschil in verschillen:
        soort = verschil.soort
        objecten = []
        for rec in verschil.nieuw + verschil.gewijzigd:
            gezet = False
            for veld in soort.uitgesteld:
                if veld in rec.velden:
                    _waarde_zetten(rec.obj, soort.model, veld, rec.velden[veld])
                    gezet = True
            if gezet:
                objecten.append(rec.obj)
        if objecten:
            soort.model.objects.bulk_update(objecten, list(soort.uitgesteld))


def _historie_schrijven(soort: Soort, gemaakt: list, bijgewerkt: list, reden: str, door):
    if not hasattr(soort.model, "history"):
        return
    moment = timezone.now()
    for objecten, soort_historie in ((gemaakt, "+"), (bijgewerkt, "~")):
        if objecten:
            historie_kopieren(
                soort.model, [o.pk for o in objecten], soort_historie, moment, reden, door
            )


def historie_kopieren(model, pks: list, soort: str, moment, reden: str, door):
    """One history record per row, copied by the database from the row as it was just written.

    simple-history's bulk_history_create builds a Python object per record: for an import of
    12,000 reports that is most of the import's time. INSERT … SELECT copies the stored rows
    themselves, so each record holds exactly what was written; the links of many-to-many fields
    a record keeps (simple-history's m2m_fields) are copied the same way."""
    historisch = model.history.model
    eigen = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    velden = [f for f in historisch._meta.concrete_fields if f.name not in eigen]
    bron = model._meta
    doelkolommen = [f.column for f in velden] + [
        historisch._meta.get_field(n).column
        for n in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(historisch._meta.db_table)} ({', '.join(q(k) for k in doelkolommen)}) "
        f"SELECT {', '.join(q(bron.get_field(f.name).column) for f in velden)}, %s, %s, %s, %s "
        f"FROM {q(bron.db_table)} WHERE {q(bron.pk.column)} IN ({{}})"
    )
    waarden = [
        historisch._meta.get_field("history_date").get_db_prep_value(moment, connection),
        reden,
        soort,
        door.pk if door is not None else None,
    ]
    with connection.cursor() as cursor:
        for begin in range(0, len(pks), PARTIJ):
            partij = pks[begin : begin + PARTIJ]
            cursor.execute(sql.format(", ".join(["%s"] * len(partij))), [*waarden, *partij])
    for veld in getattr(historisch, "_history_m2m_fields", []):
        _m2m_historie_kopieren(model, historisch, veld, pks, moment)
    # What keeps up with the history in the layers above (PDFs rendered ahead) hears of it.
    historie_geschreven.send(sender=model, pks=pks)


def _m2m_historie_kopieren(model, historisch, veld, pks: list, moment):
    m2m_historisch = getattr(historisch, veld.name).model
    through, bron, _doel = _through(model, veld.name)
    koppeling = list(through._meta.concrete_fields)
    q = connection.ops.quote_name
    doel = [m2m_historisch._meta.get_field(f.name).column for f in koppeling]
    sql = (
        f"INSERT INTO {q(m2m_historisch._meta.db_table)} "
        f"({q(m2m_historisch._meta.get_field('history').column)}, {', '.join(q(k) for k in doel)}) "
        f"SELECT h.{q('history_id')}, {', '.join('t.' + q(f.column) for f in koppeling)} "
        f"FROM {q(through._meta.db_table)} t JOIN {q(historisch._meta.db_table)} h "
        f"ON h.{q(historisch._meta.get_field('id').column)} = t.{q(through._meta.get_field(bron).column)} "
        f"WHERE h.{q('history_date')} = %s AND h.{q('id')} IN ({{}})"
    )
    datum = historisch._meta.get_field("history_date").get_db_prep_value(moment, connection)
    with connection.cursor() as cursor:
        for begin in range(0, len(pks), PARTIJ):
            partij = pks[begin : begin + PARTIJ]
            cursor.execute(sql.format(", ".join(["%s"] * len(partij))), [datum, *partij])
