"""Readable history: who changed what and when, from django-simple-history's records."""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth import get_user_model

SOORTEN = {"+": "toegevoegd", "~": "gewijzigd", "-": "verwijderd"}
NIET_TONEN = {
    "id",
    "versie",
    "ingevuld_op",
    "ingevuld_door",
    "gekopieerd",
    "weergave",
    "pad",
    "deadline_soort",
    "deadline_datum",
}


@dataclass
class Verschil:
    veld: str
    oud: object
    nieuw: object


@dataclass
class Gebeurtenis:
    moment: object
    door: object
    soort: str
    onderwerp: str
    reden: str = ""
    verschillen: list[Verschil] = field(default_factory=list)


def _waarde(model, veldnaam, waarde):
    """A value as people read it. A many-to-many field's history holds rows of its link table
    ([{'onderdeel': 1, 'gebruiker': 4}]): show the names of what is linked instead; a foreign
    key, the name of what it points at; yes/no as words."""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if not isinstance(waarde, list):
        try:
            veld = model._meta.get_field(veldnaam)
        except Exception:  # a field removed since: show the value as stored
            return waarde
        if veld.many_to_one and waarde is not None:
            gevonden = veld.related_model._default_manager.filter(pk=waarde).first()
            return _naam(gevonden) if gevonden is not None else waarde
        if veld.choices and waarde not in (None, ""):
            return dict(veld.flatchoices).get(waarde, waarde)
        return waarde
    if not waarde:
        return "(geen)"
    try:
        veld = model._meta.get_field(veldnaam)
        doel = veld.related_model
        kolom = next(k for k in waarde[0] if k != veld.m2m_field_name())
        objecten = doel._default_manager.all()
        if doel is get_user_model():  # accounts read as their person's name (weergavenaam)
            objecten = objecten.select_related("persoon")
        namen = objecten.in_bulk([rij[kolom] for rij in waarde])
        return ", ".join(_naam(namen.get(rij[kolom], rij[kolom])) for rij in waarde)
    except Exception:  # not a link table after all: a count is still readable
        return f"{len(waarde)} gekoppeld"


def _naam(obj):
    """An account reads as its person's name, anything else as itself."""
    return str(getattr(obj, "weergavenaam", obj))


def _label(model, veldnaam):
    try:
        return str(model._meta.get_field(veldnaam).verbose_name)
    except Exception:  # a field removed since: show its name
        return veldnaam


def _tekstverschillen(oud, nieuw, plan) -> list[Verschil]:
    """An item's free-text rows changed: one difference per row, named as the plan names it."""
    oud, nieuw = oud or {}, nieuw or {}
    labels = {}
    if plan is not None:
        for niveau in plan.niveaus:
            for sectie in plan.secties(niveau):
                labels.setdefault(sectie.sleutel, sectie.label)
    return [
        Verschil(
            labels.get(sleutel, sleutel.replace("_", " ")), oud.get(sleutel), nieuw.get(sleutel)
        )
        for sleutel in sorted({*oud, *nieuw})
        if (oud.get(sleutel) or "") != (nieuw.get(sleutel) or "")
    ]


def gebeurtenissen(records, onderwerp, *, plan=None) -> list[Gebeurtenis]:
    """Turn the history records of one or more objects (any order) into readable events.

    `onderwerp(record)` names the object a record is about, e.g. "Beleidsdoel 2". With `plan`,
    an item's free-text rows read as the plan's own row labels.
    """
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    resultaat = []
    for _pk, reeks in groupby(records, key=lambda r: r.id):
        vorige = None
        for record in reeks:
            verschillen = []
            if vorige is not None and record.history_type == "~":
                delta = record.diff_against(vorige)
                for c in delta.changes:
                    if c.field in NIET_TONEN:
                        continue
                    if c.field == "teksten":
                        verschillen += _tekstverschillen(c.old, c.new, plan)
                        continue
                    verschillen.append(
                        Verschil(
                            _label(record.instance_type, c.field),
                            _waarde(record.instance_type, c.field, c.old),
                            _waarde(record.instance_type, c.field, c.new),
                        )
                    )
                if not verschillen and not record.history_change_reason:
                    vorige = record
                    continue
            resultaat.append(
                Gebeurtenis(
                    moment=record.history_date,
                    door=record.history_user,
                    soort=SOORTEN.get(record.history_type, record.history_type),
                    onderwerp=onderwerp(record),
                    reden=record.history_change_reason or "",
                    verschillen=verschillen,
                )
            )
            vorige = record
    return sorted(resultaat, key=lambda g: g.moment, reverse=True)
