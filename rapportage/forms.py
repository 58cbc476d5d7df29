import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from regio.constants import Gebruikersrol
from regio.models import Gebruiker

from .constants import SMILEY_BETEKENIS, Dimensie
from .models import Rapportageperiode, ThemaRapportage
from .services import REGELVELDEN

SMILEY_KEUZES = [
    (smiley.value, f"{smiley.label} – {SMILEY_BETEKENIS[smiley].lower()}")
    for smiley in SMILEY_BETEKENIS
]


OPMAAK_UITLEG = (
    "Een lege regel begint een nieuwe alinea; regels die met “- ” beginnen worden een "
    "opsomming; *cursief* en **vet**."
)


# The longest text of the reference report has 893 characters; a report row is a
# summary, not an appendix.
MAX_TEKST = 5000
MAX_TEKST_GEDRUKT = f"{MAX_TEKST:,}".replace(",", ".")  # as Dutch writes it: 5.000
# Bidirectional overrides and isolates turn text around on screen ("evil" shown as "live").
RICHTINGSTEKENS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# What each text row is for, above its field (the label says when it is required).
TEKSTUITLEG = {
    "tijd": "Wat er gebeurd is, afgezet tegen de planning.",
    "kosten": "De stand van de kosten.",
    "bijzonderheden": "Wat verder opvalt.",
}


def geen_richtingstekens(tekst: str):
    if RICHTINGSTEKENS.search(tekst or ""):
        raise forms.ValidationError(
            "De tekst bevat onzichtbare tekens die de leesrichting omdraaien; haal ze weg."
        )


def _regelvelden() -> dict:
    """The three rows' fields (a smiley and a text each), labelled for the form.

    Built from the model's fields, but on a plain Form: a ModelForm writes its input onto the
    report while validating, and the service must compare the stored report with the input
    (a copied report that was rewritten would otherwise never lose its "overgenomen" mark)."""
    velden = {}
    for dimensie in Dimensie:
        smiley = forms.ChoiceField(
            label=f"Smiley voor {dimensie.label.lower()}",
            choices=SMILEY_KEUZES,
            required=False,
            widget=forms.RadioSelect,
        )
        tekst = forms.CharField(
            label=f"Toelichting bij {dimensie.label.lower()}",
            required=False,
            max_length=MAX_TEKST,
            validators=[geen_richtingstekens],
            help_text=f"{TEKSTUITLEG[dimensie.value]} Hooguit {MAX_TEKST_GEDRUKT} tekens.",
            widget=forms.Textarea(
                attrs={"rows": 4, "maxlength": MAX_TEKST, "data-teller": MAX_TEKST}
            ),
        )
        # Django's own message names the count; ours names the row.
        tekst.error_messages["max_length"] = (
            f"Deze tekst mag niet meer dan {MAX_TEKST_GEDRUKT} tekens hebben (nu %(show_value)d)."
        )
        velden[f"{dimensie.value}_smiley"] = smiley
        velden[f"{dimensie.value}_tekst"] = tekst
    return velden


class RegelsForm(forms.Form):
    """A report's three rows, with the version the form was opened at."""

    versie = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rapport, **kwargs):
        super().__init__(*args, **kwargs)
        self.rapport = rapport
        self.fields.update(_regelvelden())
        if not self.is_bound:
            self.initial = {
                **{veld: getattr(rapport, veld) for veld in REGELVELDEN},
                "versie": rapport.versie,
                **self.initial,
            }

    def clean(self):
        gegevens = super().clean()
        for dimensie in Dimensie:
            gegevens[f"{dimensie.value}_smiley"] = gegevens.get(f"{dimensie.value}_smiley") or ""
            gegevens[f"{dimensie.value}_tekst"] = (
                gegevens.get(f"{dimensie.value}_tekst") or ""
            ).strip()
        # The model's own rules (an explanation with orange and red), on a copy: the report
        # itself is only changed by the service.
        proef = ThemaRapportage(**{veld: gegevens.get(veld, "") for veld in REGELVELDEN})
        try:
            proef.clean()
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                for melding in meldingen:
                    if veld in self.fields and not self.has_error(veld):
                        self.add_error(veld, melding)
        return gegevens

    def regels(self):
        """Per row: its name, its smiley field and its text field, for the template."""
        return [
            (dimensie, self[f"{dimensie.value}_smiley"], self[f"{dimensie.value}_tekst"])
            for dimensie in Dimensie
        ]


class ThemaRapportageForm(RegelsForm):
    """The invullers' form: the three rows."""


class NamensForm(RegelsForm):
    """A manager changing a submitted report on behalf of its invullers: with a reason."""

    reden = forms.CharField(
        label="Waarom wijzigt u de rapportage?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="De invullers zien deze reden bij de rapportage; de geschiedenis legt hem vast.",
        error_messages={"required": "Schrijf erbij waarom u de rapportage wijzigt."},
    )


class PeriodeOpenenForm(forms.ModelForm):
    class Meta:
        model = Rapportageperiode
        fields = ["jaar", "kwartaal", "deadline", "titel"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"deadline": "Uiterste datum waarop de trekkers hun rapportage indienen."}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["deadline"].required = True
        # The plan's years to choose from, and the quarter after the last one proposed.
        jaren = range(plan.jaar_van, plan.jaar_tot_en_met + 1)
        self.fields["jaar"] = forms.TypedChoiceField(
            label="Jaar", choices=[(jaar, jaar) for jaar in jaren], coerce=int
        )
        laatste = plan.rapportageperiodes.order_by("-jaar", "-kwartaal").first()
        if laatste is not None and not self.is_bound:
            jaar, kwartaal = (
                (laatste.jaar, laatste.kwartaal + 1)
                if laatste.kwartaal < 4
                else (laatste.jaar + 1, 1)
            )
            if jaar in jaren:
                self.initial.update(jaar=jaar, kwartaal=kwartaal)

    deadline_bevestigd = forms.BooleanField(
        label="Ja, de deadline ligt in het verleden en dat klopt",
        required=False,
        help_text="Bijvoorbeeld om een oud kwartaal alsnog vast te leggen.",
    )

    def validate_unique(self):
        # The service says it in Dutch, with the period's code.
        pass

    def clean(self):
        gegevens = super().clean()
        deadline = gegevens.get("deadline")
        self.deadline_in_verleden = deadline is not None and deadline < timezone.localdate()
        if self.deadline_in_verleden and not gegevens.get("deadline_bevestigd"):
            self.add_error(
                "deadline",
                f"De deadline ({deadline:%d-%m-%Y}) ligt in het verleden: de invullers zijn dan "
                "meteen te laat. Klopt dat, vink dan hieronder aan dat u dat bevestigt.",
            )
        return gegevens


class VaststellenForm(forms.Form):
    """Adopting a quarter: the date of the decision, the texts, and per report that was not
    approved what the report says of it."""

    NIET_GERAPPORTEERD = "niet_gerapporteerd"
    OVERNEMEN = "overnemen"

    vastgesteld_op = forms.DateField(
        label="Datum van vaststelling",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="De datum van het besluit van het college (of wie de rapportage vaststelt).",
    )
    inleiding = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=OPMAAK_UITLEG + " Een regel met alleen [smileylegenda] toont daar de legenda.",
    )
    samenvatting = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Het totaalbeeld van dit kwartaal. " + OPMAAK_UITLEG,
    )

    def __init__(self, *args, periode, open_staand=(), **kwargs):
        """`open_staand`: (report, whether last quarter's status can be carried over) for every
        report that is not approved."""
        super().__init__(*args, **kwargs)
        self.periode = periode
        self.open_staand = []
        for rapport, kan_overnemen, vorig in open_staand:
            keuzes = [(self.NIET_GERAPPORTEERD, "Niet gerapporteerd")]
            if kan_overnemen:
                keuzes.append(
                    (self.OVERNEMEN, f"Overgenomen uit {vorig.periode.kwartaalnaam}, zo vermeld")
                )
            naam = f"keuze_{rapport.pk}"
            self.fields[naam] = forms.ChoiceField(
                label=rapport.onderdeel.aanduiding,
                choices=keuzes,
                initial=self.NIET_GERAPPORTEERD,
                widget=forms.RadioSelect,
            )
            self.open_staand.append((rapport, self[naam], vorig if kan_overnemen else None))
        if not self.is_bound:
            self.initial.setdefault("vastgesteld_op", timezone.localdate())

    def clean_vastgesteld_op(self):
        from .services import vaststellingsdatum_fout

        datum: date = self.cleaned_data["vastgesteld_op"]
        fout = vaststellingsdatum_fout(self.periode, datum)
        if fout:
            raise forms.ValidationError(fout)
        return datum

    def overnemen(self) -> set[int]:
        """The reports whose last-quarter status is carried over, by id."""
        return {
            rapport.pk
            for rapport, veld, _vorig in self.open_staand
            if self.cleaned_data.get(veld.name) == self.OVERNEMEN
        }


class RedenForm(forms.Form):
    reden = forms.CharField(
        label="Reden", widget=forms.Textarea(attrs={"rows": 3}), help_text="Wordt vastgelegd."
    )


class BeoordelenForm(forms.Form):
    """Approving: the version the manager was shown, so a later change is not approved unseen."""

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        gegevens = super().clean()
        if "versie" in self.errors:
            self.errors.pop("versie")
            raise forms.ValidationError(
                "Dit formulier is verouderd. Laad de pagina opnieuw en beoordeel dan."
            )
        return gegevens


class TerugsturenForm(BeoordelenForm):
    opmerking = forms.CharField(
        label="Opmerking voor de invullers",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Wat moet er anders? De invullers zien deze opmerking bij de rapportage en "
        "krijgen haar per e-mail.",
        error_messages={"required": "Schrijf erbij wat er anders moet."},
    )


class InvullersForm(forms.Form):
    """Which colleagues may fill in an item's report, besides those whose role reports (its
    trekkers and 1e aanspreekpersoon): the region's other beleidsmedewerkers to choose from."""

    invullers = forms.ModelMultipleChoiceField(
        label="Ook in te vullen door",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Beleidsmedewerkers van de regio die deze rapportage invullen.",
    )

    def __init__(self, *args, onderdeel, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["invullers"]
        # Those whose role reports (trekker, 1e aanspreekpersoon) and who have an account fill
        # it in already; those without an account cannot, until the beheerder makes one.
        rapporterend = [
            rol
            for rol in onderdeel.rollen.select_related("soort", "persoon")
            if rol.soort.rapporteert and rol.persoon_id
        ]
        self.leidend = [rol for rol in rapporterend if rol.persoon.gebruiker_id is not None]
        self.zonder_account = [rol for rol in rapporterend if rol.persoon.gebruiker_id is None]
        veld.queryset = (
            Gebruiker.objects.filter(
                regio_id=onderdeel.plan.regio_id,
                rol=Gebruikersrol.BELEIDSMEDEWERKER,
                is_active=True,
            )
            .exclude(pk__in={rol.persoon.gebruiker_id for rol in self.leidend})
            .select_related("persoon")
            .order_by("last_name", "first_name", "username")
        )
        veld.label_from_instance = lambda gebruiker: gebruiker.weergavenaam
        if not self.is_bound:
            self.initial["invullers"] = list(onderdeel.invullers.values_list("pk", flat=True))
