"""Loading reference data: write only what differs, so a second run changes nothing.

Shared by the loaders of regio, agenda and rapportage; each reads its own part of the files.
"""

from django.core.exceptions import ValidationError


class ReferentiedataFout(Exception):
    """The reference data cannot be loaded; the message says where and why, in Dutch."""


def bijwerken(model, sleutel: dict, velden: dict, *, context: str = ""):
    """Create or update one record found by its natural key; save only when a field differs."""
    obj = model.objects.filter(**sleutel).first()
    if obj is None:
        obj = model(**sleutel, **velden)
        gewijzigd = list(velden)
        nieuw = True
    else:
        gewijzigd = [naam for naam, waarde in velden.items() if getattr(obj, naam) != waarde]
        for naam in gewijzigd:
            setattr(obj, naam, velden[naam])
        nieuw = False
    if nieuw or gewijzigd:
        try:
            obj.full_clean()
        except ValidationError as fout:
            raise ReferentiedataFout(
                f"{context or model._meta.verbose_name}: {_fouttekst(fout)}"
            ) from fout
        if nieuw:
            obj.save()
        else:
            obj.save(update_fields=gewijzigd)
    return obj


def lijst_bijwerken(manager, model, ouder: dict, items: list[dict], *, context: str = ""):
    """Make an ordered child list equal to `items`, position by position.

    Rows keep their identity (and their history) where the item at that position is unchanged;
    surplus rows are deleted. Each item is a dict of field values; its position is `volgorde`.
    """
    bestaand = list(manager.order_by("volgorde", "pk"))
    for positie, velden in enumerate(items):
        velden = {**velden, "volgorde": positie}
        if positie < len(bestaand):
            obj = bestaand[positie]
            gewijzigd = [naam for naam, waarde in velden.items() if getattr(obj, naam) != waarde]
            if not gewijzigd:
                continue
            for naam in gewijzigd:
                setattr(obj, naam, velden[naam])
        else:
            obj = model(**ouder, **velden)
            gewijzigd = None
        try:
            obj.full_clean()
        except ValidationError as fout:
            raise ReferentiedataFout(f"{context}, item {positie + 1}: {_fouttekst(fout)}") from fout
        obj.save(update_fields=gewijzigd) if gewijzigd else obj.save()
    for overbodig in bestaand[len(items) :]:
        overbodig.delete()


def koppelingen_bijwerken(relatie, objecten):
    """Set a many-to-many relation only when it differs (so no history is written otherwise)."""
    nieuw = {obj.pk for obj in objecten}
    if set(relatie.values_list("pk", flat=True)) != nieuw:
        relatie.set(list(objecten))


def _fouttekst(fout: ValidationError) -> str:
    if hasattr(fout, "message_dict"):
        return "; ".join(
            f"{veld}: {' '.join(berichten)}" for veld, berichten in fout.message_dict.items()
        )
    return " ".join(fout.messages)


def _datum(waarde, context):
    import datetime

    try:
        return datetime.date.fromisoformat(waarde)
    except (TypeError, ValueError):
        raise ReferentiedataFout(f"{context}: {waarde!r} is geen datum (JJJJ-MM-DD)") from None


def laad_regio(gegevens: dict):
    """The region, its subregions, gemeenten with their role and inhabitants (regio.json)."""
    from .models import Deelname, Gemeente, Inwonertal, Regio, Subregio

    regio_gegevens = gegevens["regio"]
    regio = bijwerken(
        Regio,
        {"slug": regio_gegevens["slug"]},
        {"naam": regio_gegevens["naam"], "soort": regio_gegevens.get("soort") or ""},
        context="regio",
    )
    subregios = {}
    for sub in gegevens.get("subregios", []):
        subregios[sub["afkorting"]] = bijwerken(
            Subregio,
            {"regio": regio, "afkorting": sub["afkorting"]},
            {"naam": sub["naam"]},
            context=f"subregio {sub['afkorting']}",
        )
    for gem in gegevens.get("gemeenten", []):
        context = f"gemeente {gem['naam']}"
        afkorting = gem.get("subregio")
        if afkorting and afkorting not in subregios:
            raise ReferentiedataFout(f"{context}: onbekende subregio {afkorting}")
        gemeente = bijwerken(
            Gemeente, {"cbs_code": gem["cbs_code"]}, {"naam": gem["naam"]}, context=context
        )
        bijwerken(
            Deelname,
            {"regio": regio, "gemeente": gemeente},
            {"subregio": subregios.get(afkorting), "rol": gem.get("rol") or "deelnemer"},
            context=context,
        )
        for tal in gem.get("inwoners", []):
            bijwerken(
                Inwonertal,
                {"gemeente": gemeente, "peildatum": _datum(tal["peildatum"], context)},
                {"aantal": tal["aantal"], "bron": tal.get("bron") or ""},
                context=f"{context}, inwoners",
            )
    return regio


def laad_partijen_en_personen(regio, partijen: list[dict], personen: list[dict]):
    """Parties and people, merged by name across files; conflicting details are an error."""
    from .models import Gemeente, Partij, Persoon

    for partij in _samenvoegen(partijen, "partij"):
        gemeente = None
        if partij.get("gemeente"):
            gemeente = Gemeente.objects.filter(
                deelnames__regio=regio, naam=partij["gemeente"]
            ).first()
            if gemeente is None:
                raise ReferentiedataFout(
                    f"partij {partij['naam']}: onbekende gemeente {partij['gemeente']}"
                )
        bijwerken(
            Partij,
            {"regio": regio, "naam": partij["naam"]},
            {
                "soort": partij.get("soort") or "organisatie",
                "organisatietype": partij.get("organisatietype") or "",
                "gemeente": gemeente,
            },
            context=f"partij {partij['naam']}",
        )
    for pers in _samenvoegen(personen, "persoon"):
        gemeente = organisatie = None
        if pers.get("gemeente"):
            gemeente = Gemeente.objects.filter(
                deelnames__regio=regio, naam=pers["gemeente"]
            ).first()
            if gemeente is None:
                raise ReferentiedataFout(
                    f"persoon {pers['naam']}: onbekende gemeente {pers['gemeente']}"
                )
        if pers.get("organisatie"):
            organisatie = Partij.objects.filter(regio=regio, naam=pers["organisatie"]).first()
            if organisatie is None:
                raise ReferentiedataFout(
                    f"persoon {pers['naam']}: onbekende organisatie {pers['organisatie']}"
                )
        bijwerken(
            Persoon,
            {"regio": regio, "naam": pers["naam"]},
            {
                "functie": pers.get("functie") or "",
                "gemeente": gemeente,
                "organisatie": organisatie,
            },
            context=f"persoon {pers['naam']}",
        )


def _samenvoegen(items: list[dict], soort: str) -> list[dict]:
    """Merge entries with the same name; a detail given twice must agree."""
    per_naam: dict[str, dict] = {}
    for item in items:
        samen = per_naam.setdefault(item["naam"], {"naam": item["naam"]})
        for veld, waarde in item.items():
            if not waarde:
                continue
            if samen.get(veld) and samen[veld] != waarde:
                raise ReferentiedataFout(
                    f"{soort} {item['naam']}: {veld} is zowel “{samen[veld]}” als “{waarde}”"
                )
            samen[veld] = waarde
    return list(per_naam.values())
