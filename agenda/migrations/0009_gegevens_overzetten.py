"""Carry the plans of the one hard-wired shape (Speerpunt → Thema → Activiteit, rows a–o) over to
plan shapes as data: a Planvorm with its levels, sections and lists; speerpunten and activities
become items of the outline beside the themes; roles, partners and budget lines become generic.

Themes keep their ids, so their reports, history and links stay attached. Speerpunten and
activities get new ids; their history records are carried over with them."""

import json
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

REDEN = "Overgezet naar de planstructuur als gegevens"

# (letter, key, section kind, default label, in the quarterly report)
RIJEN = [
    ("a.", "thema", "kop", "Thema", False),
    ("b.", "beleidsdoelen", "beleidsdoelen", "Beleidsdoelen", True),
    ("c.", "maatschappelijke_effecten", "effecten", "Maatschappelijk effect", True),
    ("d.", "activiteiten", "onderdelen", "Activiteiten en resultaten", True),
    ("e.", "verantwoordelijk", "tekst", "Verantwoordelijk", False),
    ("f.", "partners", "tekst", "Partners", False),
    ("g.", "planning", "tekst", "Planning", False),
    ("h.", "meten", "tekst", "Meten", False),
    ("i.", "financien", "tekst", "Financiën", False),
    ("j.", "besluiten", "tekst", "Besluiten", False),
    ("k.", "rol_bedrijfsvoering", "tekst", "Rol bedrijfsvoering", False),
    ("l.", "rol_lokaal", "tekst", "Rol lokaal", False),
    ("m.", "overleg", "tekst", "Overleg", False),
    ("n.", "wie", "tekst", "Wie", False),
    ("o.", "prioriteit", "prioriteit", "Prioritering", False),
]
TEKSTVELDEN = [sleutel for _l, sleutel, soort, _lab, _r in RIJEN if soort == "tekst"]
LIJSTEN = {
    "domein": (
        "Decentralisatie",
        [
            ("jeugdhulp", "Jeugdhulp", "J", "", {}),
            ("wmo", "Wmo", "W", "", {}),
            ("participatie", "Participatie", "P", "", {}),
        ],
    ),
    "schaal": (
        "Schaal",
        [
            ("R", "Regionaal", "R", "", {}),
            ("SR", "Subregionaal", "SR", "", {}),
            ("L", "Lokaal", "L", "", {}),
            ("B", "Bovenregionaal", "B", "", {}),
        ],
    ),
    "prioriteit": (
        "Prioritering",
        [
            ("1", "1 – Zeer urgent, direct starten", "1", "Zeer urgent, direct starten (had al moeten gebeuren)", {}),
            ("2", "2 – Urgent, voor de zomer starten", "2", "Urgent, voor de zomer starten", {}),
            ("3", "3 – Matig urgent, najaar of begin 2016 starten", "3", "Matig urgent, najaar of begin 2016 starten", {}),
        ],
    ),
    "rol": (
        "Rol",
        [
            ("aanspreekpersoon", "1e aanspreekpersoon", "", "Bewaakt het proces", {"rapporteert": True}),
            ("trekker", "Trekker", "", "Trekt de inhoud", {"rapporteert": True, "leidend": True, "meervoud": "Trekker(s)"}),
            ("deelnemer", "Participerend", "", "", {}),
            ("partner", "Partner", "", "Betrokken partnerorganisatie", {}),
        ],
    ),
    "bron": (
        "Financiering",
        [
            ("regulier", "Regulier budget", "", "", {}),
            ("additioneel", "Additioneel budget", "", "", {}),
        ],
    ),
}
PAD = 5


def _pad(*volgordes):
    return ".".join(f"{v:0{PAD}d}" for v in volgordes)


class Geschiedenis:
    """Writes "+" history records the way django-simple-history would have."""

    def __init__(self, apps):
        self.apps = apps
        self.nu = timezone.now()

    def nieuw(self, model, objecten, reden=REDEN):
        Model = self.apps.get_model("agenda", model)
        Historisch = self.apps.get_model("agenda", f"Historical{model}")
        velden = [f.attname for f in Model._meta.concrete_fields]
        Historisch.objects.bulk_create(
            [
                Historisch(
                    **{v: getattr(obj, v) for v in velden},
                    history_date=self.nu,
                    history_type="+",
                    history_change_reason=reden,
                )
                for obj in objecten
            ]
        )


def _planvorm_maken(apps, naam, slug, rijlabels, geschiedenis):
    Planvorm = apps.get_model("agenda", "Planvorm")
    Niveau = apps.get_model("agenda", "Niveau")
    Sectie = apps.get_model("agenda", "Sectie")
    Keuzelijst = apps.get_model("agenda", "Keuzelijst")
    Lijstwaarde = apps.get_model("agenda", "Lijstwaarde")
    vorm = Planvorm.objects.create(
        naam=naam,
        slug=slug,
        omschrijving="Speerpunten met genummerde thema's (rijen a–o) en hun activiteiten; "
        "kwartaalrapportage per thema.",
    )
    speerpunt = Niveau.objects.create(
        planvorm=vorm, diepte=1, naam="Speerpunt", meervoud="Speerpunten", lidwoord="het",
        slug="speerpunten", code_tonen=True,
    )
    thema = Niveau.objects.create(
        planvorm=vorm, diepte=2, naam="Thema", meervoud="Thema's", lidwoord="het",
        slug="themas", code_tonen=True, schaal_met_domeinen=True,
    )
    activiteit = Niveau.objects.create(
        planvorm=vorm, diepte=3, naam="Activiteit", meervoud="Activiteiten", lidwoord="de",
        slug="activiteiten", code_tonen=False,
    )
    vorm.rapportageniveau = thema
    vorm.save()
    secties = [
        Sectie(niveau=speerpunt, sleutel="themas", letter="", label="Thema's",
               soort="onderdelen", volgorde=0)
    ]
    for volgorde, (letter, sleutel, soort, label, in_rapportage) in enumerate(RIJEN):
        secties.append(
            Sectie(
                niveau=thema, sleutel=sleutel, letter=letter,
                label=rijlabels.get(sleutel) or label, soort=soort, volgorde=volgorde,
                in_rapportage=in_rapportage,
            )
        )
    Sectie.objects.bulk_create(secties)
    waarden = {}
    for soort, (lijstnaam, items) in LIJSTEN.items():
        lijst = Keuzelijst.objects.create(planvorm=vorm, soort=soort, naam=lijstnaam)
        for volgorde, (code, label, kort, betekenis, extra) in enumerate(items):
            waarden[(soort, code)] = Lijstwaarde.objects.create(
                keuzelijst=lijst, code=code, label=label, kort=kort, betekenis=betekenis,
                volgorde=volgorde, **extra,
            )
    geschiedenis.nieuw("Planvorm", [vorm])
    geschiedenis.nieuw("Niveau", [speerpunt, thema, activiteit])
    geschiedenis.nieuw("Sectie", Sectie.objects.filter(niveau__planvorm=vorm))
    geschiedenis.nieuw("Keuzelijst", Keuzelijst.objects.filter(planvorm=vorm))
    geschiedenis.nieuw("Lijstwaarde", Lijstwaarde.objects.filter(keuzelijst__planvorm=vorm))
    return vorm, {"speerpunt": speerpunt, "thema": thema, "activiteit": activiteit}, waarden


def _hoofdstukken(apps, plan, geschiedenis):
    Hoofdstuk = apps.get_model("agenda", "Hoofdstuk")
    principes = [plan.uitgangspunten_inleiding]
    for kop, tekst in [
        ("Uitgangspunten", plan.uitgangspunten),
        ("Kernwaarden", plan.kernwaarden),
        ("Organisatie van hulp", plan.organisatie_van_hulp),
    ]:
        if tekst:
            principes.append(f"### {kop}\n\n{tekst}")
    hoofdstukken = []
    if plan.inleiding:
        hoofdstukken.append(("Inleiding", "tekst", plan.inleiding))
    if any(principes):
        hoofdstukken.append(
            (
                "Uitgangspunten, kernwaarden en organisatie van hulp",
                "tekst",
                "\n\n".join(t for t in principes if t),
            )
        )
    hoofdstukken += [
        ("", "onderdelen", ""),
        ("Subregionale en lokale agenda's", "agendalijsten", ""),
        ("Overlegstructuur", "overlegstructuur", ""),
    ]
    objecten = Hoofdstuk.objects.bulk_create(
        [
            Hoofdstuk(plan=plan, volgorde=volgorde, titel=titel, soort=soort, tekst=tekst)
            for volgorde, (titel, soort, tekst) in enumerate(hoofdstukken, start=1)
        ]
    )
    geschiedenis.nieuw("Hoofdstuk", Hoofdstuk.objects.filter(plan=plan))
    return objecten


def _historie_kopieren(apps, oud_model, nieuw_id, velden):
    """Copy an old item's history records to HistoricalOnderdeel under its new id."""
    Oud = apps.get_model("agenda", f"Historical{oud_model}")
    Historisch = apps.get_model("agenda", "HistoricalOnderdeel")
    records = []
    for record in Oud.objects.order_by("history_date", "history_id"):
        if record.id not in nieuw_id:
            continue  # deleted before this migration: nothing left to attach it to
        records.append(
            Historisch(
                id=nieuw_id[record.id],
                history_date=record.history_date,
                history_type=record.history_type,
                history_user_id=record.history_user_id,
                history_change_reason=record.history_change_reason,
                **velden(record),
            )
        )
    Historisch.objects.bulk_create(records)


def overzetten(apps, schema_editor):
    Plan = apps.get_model("agenda", "Plan")
    Onderdeel = apps.get_model("agenda", "Onderdeel")
    Speerpunt = apps.get_model("agenda", "Speerpunt")
    Activiteit = apps.get_model("agenda", "Activiteit")
    Rol = apps.get_model("agenda", "Rol")
    Financiering = apps.get_model("agenda", "Financiering")
    Begrotingspost = apps.get_model("agenda", "Begrotingspost")
    HistoricalOnderdeel = apps.get_model("agenda", "HistoricalOnderdeel")
    HistoricalRol = apps.get_model("agenda", "HistoricalRol")
    geschiedenis = Geschiedenis(apps)

    # One shape per distinct set of row labels (every plan so far had this one shape).
    vormen = {}
    for plan in Plan.objects.order_by("pk"):
        sleutel = json.dumps(plan.rijlabels or {}, sort_keys=True)
        if sleutel not in vormen:
            volgnummer = f" ({len(vormen) + 1})" if vormen else ""
            vormen[sleutel] = _planvorm_maken(
                apps,
                f"Speerpunt, thema en activiteit{volgnummer}",
                f"speerpunt-thema-activiteit{volgnummer.strip(' ()') and '-' + str(len(vormen) + 1)}",
                plan.rijlabels or {},
                geschiedenis,
            )
        vorm, niveaus, waarden = vormen[sleutel]
        plan.planvorm = vorm
        plan.save(update_fields=["planvorm"])
        _hoofdstukken(apps, plan, geschiedenis)

        # Speerpunten become the items of level 1.
        speerpunt_id = {}
        for speerpunt in Speerpunt.objects.filter(plan=plan).order_by("nummer"):
            nieuw = Onderdeel.objects.create(
                plan=plan, niveau=niveaus["speerpunt"], code=str(speerpunt.nummer),
                volgorde=speerpunt.nummer, pad=_pad(speerpunt.nummer), titel=speerpunt.titel,
            )
            speerpunt_id[speerpunt.pk] = nieuw.pk
        _historie_kopieren(
            apps,
            "Speerpunt",
            speerpunt_id,
            lambda r, plan=plan, niveau=niveaus["speerpunt"]: {
                "plan_id": plan.pk, "niveau_id": niveau.pk, "code": str(r.nummer),
                "volgorde": r.nummer, "pad": _pad(r.nummer), "titel": r.titel,
            },
        )
        speerpunt_volgorde = dict(Speerpunt.objects.filter(plan=plan).values_list("pk", "nummer"))

        # Themes (renamed in 0007) get their level, code, parent, texts and list values.
        themas = list(Onderdeel.objects.filter(plan=plan, niveau__isnull=True))
        domeinen = apps.get_model("agenda", "Onderdeel").domeinen.through
        koppelingen = []
        for thema in themas:
            _thema_velden(thema, niveaus, waarden, speerpunt_id, speerpunt_volgorde)
            thema.save()
            for code in ("jeugdhulp", "wmo", "participatie"):
                if getattr(thema, code):
                    koppelingen.append(
                        domeinen(onderdeel_id=thema.pk, lijstwaarde_id=waarden[("domein", code)].pk)
                    )
        domeinen.objects.bulk_create(koppelingen)
        thema_pad = {t.pk: t.pad for t in themas}
        for record in HistoricalOnderdeel.objects.filter(plan_id=plan.pk, niveau_id__isnull=True):
            _thema_velden(record, niveaus, waarden, speerpunt_id, speerpunt_volgorde)
            record.save()

        # Activities become the items of level 3 under their theme.
        activiteit_id, positie, aantal = {}, {}, {}
        nummers = dict(
            Onderdeel.objects.filter(plan=plan, niveau=niveaus["thema"]).values_list("pk", "code")
        )
        for activiteit in Activiteit.objects.filter(thema_id__in=thema_pad).order_by(
            "thema_id", "volgorde", "pk"
        ):
            volgnummer = aantal.get(activiteit.thema_id, 0)
            aantal[activiteit.thema_id] = volgnummer + 1
            positie[activiteit.pk] = volgnummer
            nieuw = Onderdeel.objects.create(
                **_activiteit_velden(
                    activiteit, volgnummer, plan, niveaus["activiteit"], thema_pad, nummers
                )
            )
            activiteit_id[activiteit.pk] = nieuw.pk
        _historie_kopieren(
            apps,
            "Activiteit",
            activiteit_id,
            lambda r, plan=plan: _activiteit_velden(
                r, positie.get(r.id, r.volgorde), plan, niveaus["activiteit"], thema_pad, nummers
            ),
        )

        # Roles: their kind from the shape's list; partner organisations become roles too.
        for rol in Rol.objects.filter(onderdeel_id__in=thema_pad):
            rol.soort_id = waarden[("rol", rol.rol)].pk
            rol.save(update_fields=["soort"])
        for record in HistoricalRol.objects.filter(onderdeel_id__in=thema_pad):
            if ("rol", record.rol) in waarden:
                record.soort_id = waarden[("rol", record.rol)].pk
                record.save(update_fields=["soort"])
        Partners = Onderdeel.partner_organisaties.through
        nieuwe_rollen = Rol.objects.bulk_create(
            [
                Rol(
                    onderdeel_id=link.onderdeel_id,
                    partij_id=link.partij_id,
                    soort_id=waarden[("rol", "partner")].pk,
                    volgorde=100 + positie,
                    rol="partner",
                )
                for positie, link in enumerate(
                    Partners.objects.filter(onderdeel_id__in=thema_pad).order_by("onderdeel_id", "pk")
                )
            ]
        )
        geschiedenis.nieuw("Rol", nieuwe_rollen)

        # Budget lines of the themes become the plan's budget lines, linked to their theme.
        posten = []
        for volgorde, fin in enumerate(
            Financiering.objects.filter(thema_id__in=thema_pad).order_by("thema_id", "volgorde", "pk")
        ):
            post = Begrotingspost.objects.create(
                plan=plan,
                volgorde=volgorde,
                omschrijving=fin.omschrijving or waarden[("bron", fin.soort)].label,
                bron=waarden[("bron", fin.soort)],
                bedrag=fin.bedrag,
                verdeling="naar_rato" if fin.naar_rato and fin.bedrag is not None else "geen",
                peildatum=_peildatum(apps, plan) if fin.naar_rato and fin.bedrag is not None else None,
            )
            post.onderdelen.add(fin.thema_id)
            posten.append(post)
        geschiedenis.nieuw("Begrotingspost", posten)
        geschiedenis.nieuw(
            "Onderdeel",
            Onderdeel.objects.filter(pk__in=[*speerpunt_id.values(), *activiteit_id.values()]).exclude(
                pk__in=HistoricalOnderdeel.objects.values("id")
            ),
        )


def _peildatum(apps, plan):
    """The inhabitants' reference date a "naar rato" line was computed with: the latest count
    of the plan's gemeenten on or before the plan's first year ended (1 January 2015 here)."""
    from datetime import date

    Inwonertal = apps.get_model("regio", "Inwonertal")
    tal = (
        Inwonertal.objects.filter(
            gemeente__deelnames__regio_id=plan.regio_id,
            peildatum__lte=date(plan.jaar_van, 12, 31),
        )
        .order_by("-peildatum")
        .first()
    )
    return tal.peildatum if tal else date(plan.jaar_van, 1, 1)


def _thema_velden(thema, niveaus, waarden, speerpunt_id, speerpunt_volgorde):
    thema.niveau_id = niveaus["thema"].pk
    thema.code = str(thema.nummer)
    thema.volgorde = thema.nummer
    thema.ouder_id = speerpunt_id.get(thema.speerpunt_id)
    thema.pad = _pad(speerpunt_volgorde.get(thema.speerpunt_id, 0), thema.nummer)
    thema.teksten = {veld: getattr(thema, veld) for veld in TEKSTVELDEN if getattr(thema, veld)}
    schaal = waarden.get(("schaal", thema.schaal_oud))
    thema.schaal_id = schaal.pk if schaal else None
    prioriteit = waarden.get(("prioriteit", str(thema.prioriteit_oud))) if thema.prioriteit_oud else None
    thema.prioriteit_id = prioriteit.pk if prioriteit else None


def _activiteit_velden(activiteit, volgnummer, plan, niveau, thema_pad, nummers):
    """An activity as an item of level 3. Its planning text is kept as printed; a date makes
    it sortable (a text is read again by agenda.deadlines at the item's next save)."""
    datum = activiteit.datum
    planning = activiteit.planning or (datum.strftime("%d-%m-%Y") if datum else "")
    return {
        "plan_id": plan.pk,
        "niveau_id": niveau.pk,
        "ouder_id": activiteit.thema_id,
        "code": f"{nummers.get(activiteit.thema_id, activiteit.thema_id)}.{volgnummer + 1}",
        "volgorde": volgnummer,
        "pad": f"{thema_pad.get(activiteit.thema_id, '')}.{volgnummer:0{PAD}d}",
        "tekst": activiteit.omschrijving,
        "lijstniveau": activiteit.niveau,
        "deadline_tekst": planning[:100],
        "deadline_soort": "datum" if datum and not activiteit.planning else "",
        "deadline_datum": datum,
    }


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0008_vormen_en_onderdelen"),
        ("regio", "0005_gegevens_overzetten"),
    ]

    operations = [migrations.RunPython(overzetten, migrations.RunPython.noop)]
