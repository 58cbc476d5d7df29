import re

from django import forms
from django.core.validators import MaxLengthValidator

from regio.constants import Gebruikersrol
from regio.models import Gebruiker

from .constants import SMILEY_BETEKENIS
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
# Bidirectional overrides and isolates turn text around on screen ("evil" shown as "live").
RICHTINGSTEKENS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def geen_richtingstekens(tekst: str):
    if RICHTINGSTEKENS.search(tekst or ""):
        raise forms.ValidationError(
            "De tekst bevat onzichtbare tekens die de leesrichting omdraaien; haal ze weg."
        )


class ThemaRapportageForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ThemaRapportage
        fields = REGELVELDEN
        widgets = {
            **{
                f"{d}_smiley": forms.RadioSelect(choices=SMILEY_KEUZES)
                for d in ("tijd", "kosten", "bijzonderheden")
            },
            **{
                f"{d}_tekst": forms.Textarea(attrs={"rows": 4})
                for d in ("tijd", "kosten", "bijzonderheden")
            },
        }
        help_texts = {
            "tijd_tekst": "Wat er gebeurd is, afgezet tegen de planning. Verplicht bij oranje en "
            "rood. " + OPMAAK_UITLEG,
            "kosten_tekst": "De stand van de kosten. Verplicht bij oranje en rood. "
            + OPMAAK_UITLEG,
            "bijzonderheden_tekst": "Wat verder opvalt. Verplicht bij oranje en rood. "
            + OPMAAK_UITLEG,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimensie in ("tijd", "kosten", "bijzonderheden"):
            veld = self.fields[f"{dimensie}_smiley"]
            veld.required = False
            veld.choices = SMILEY_KEUZES
            tekst = self.fields[f"{dimensie}_tekst"]
            tekst.max_length = MAX_TEKST
            tekst.validators.append(MaxLengthValidator(MAX_TEKST))
            tekst.validators.append(geen_richtingstekens)
        if not self.is_bound:
            self.initial["versie"] = self.instance.versie

    def clean(self):
        gegevens = super().clean()
        for dimensie in ("tijd", "kosten", "bijzonderheden"):
            gegevens[f"{dimensie}_smiley"] = gegevens.get(f"{dimensie}_smiley") or ""
            gegevens[f"{dimensie}_tekst"] = (gegevens.get(f"{dimensie}_tekst") or "").strip()
        return gegevens


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

    def validate_unique(self):
        # The service says it in Dutch, with the period's code.
        pass


class VaststellenForm(forms.Form):
    inleiding = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=OPMAAK_UITLEG + " Een regel met alleen [smileylegenda] toont daar de legenda.",
    )
    samenvatting = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Het totaalbeeld van dit kwartaal. " + OPMAAK_UITLEG,
    )


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
        label="Opmerking voor de trekker",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wat moet er anders? De trekker ziet deze opmerking bij de rapportage.",
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
        # it in already.
        self.leidend = [
            rol
            for rol in onderdeel.rollen.select_related("soort", "persoon")
            if rol.soort.rapporteert and rol.persoon_id and rol.persoon.gebruiker_id is not None
        ]
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
