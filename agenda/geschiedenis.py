"""Readable history: who changed what and when, from django-simple-history's records."""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth import get_user_model

SOORTEN = {"+": "toegevoegd", "~": "gewijzigd", "-": "verwijderd"}
NIET_TONEN = {"id", "versie", "ingevuld_op", "ingevuld_door", "gekopieerd", "weergave"}


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
    ([{'thema': 1, 'organisatie': 4}]): show the names of what is linked instead."""
    if not isinstance(waarde, list):
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


def gebeurtenissen(records, onderwerp) -> list[Gebeurtenis]:
    """Turn the history records of one or more objects (any order) into readable events.

    `onderwerp(record)` names the object a record is about, e.g. "Beleidsdoel 2".
    """
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    resultaat = []
    for _pk, reeks in groupby(records, key=lambda r: r.id):
        vorige = None
        for record in reeks:
            verschillen = []
            if vorige is not None and record.history_type == "~":
                delta = record.diff_against(vorige)
                verschillen = [
                    Verschil(
                        _label(record.instance_type, c.field),
                        _waarde(record.instance_type, c.field, c.old),
                        _waarde(record.instance_type, c.field, c.new),
                    )
                    for c in delta.changes
                    if c.field not in NIET_TONEN
                ]
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
