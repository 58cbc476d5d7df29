from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda.models import Activiteit, Plan, Speerpunt, Thema
from rapportage.models import Rapportageperiode, ThemaRapportage
from regio.models import Regio

from .factories import eerste_of_voorbeeld

pytestmark = pytest.mark.django_db


def _ander_plan(plan):
    ander = Plan.objects.create(
        regio=plan.regio, slug="ander-plan", titel="Ander plan", jaar_van=2017, jaar_tot_en_met=2018
    )
    speerpunt = Speerpunt.objects.create(plan=ander, nummer=1, titel="Eén speerpunt")
    return ander, speerpunt


def test_theme_number_is_unique_within_a_plan(plan):
    speerpunt = plan.speerpunten.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Thema.objects.create(plan=plan, speerpunt=speerpunt, nummer=1, titel="Dubbel")


def test_theme_number_may_repeat_in_another_plan(plan):
    ander, speerpunt = _ander_plan(plan)
    Thema.objects.create(plan=ander, speerpunt=speerpunt, nummer=1, titel="Ook nummer 1")
    assert Thema.objects.filter(nummer=1).count() == 2


def test_theme_rejects_a_speerpunt_of_another_plan(plan):
    _ander, vreemd_speerpunt = _ander_plan(plan)
    thema = plan.themas.get(nummer=1)
    thema.speerpunt = vreemd_speerpunt
    with pytest.raises(ValidationError, match="ander plan"):
        thema.full_clean()


def test_report_is_unique_per_theme_and_period(periode):
    thema = periode.plan.themas.get(nummer=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemaRapportage.objects.create(periode=periode, thema=thema)


def test_same_theme_may_report_in_another_period(periode):
    volgende = Rapportageperiode.objects.create(plan=periode.plan, jaar=2015, kwartaal=3)
    ThemaRapportage.objects.create(periode=volgende, thema=periode.plan.themas.get(nummer=1))
    assert ThemaRapportage.objects.filter(thema__nummer=1).count() == 2


def test_orange_without_explanation_is_refused_with_a_dutch_message(periode):
    rapport = periode.rapportages.get(thema__nummer=1)
    rapport.kosten_smiley, rapport.kosten_tekst = "oranje", "  "
    with pytest.raises(ValidationError) as fout:
        rapport.full_clean()
    assert fout.value.message_dict["kosten_tekst"] == ["Een toelichting is verplicht bij oranje."]


def test_database_refuses_red_without_explanation(periode):
    with pytest.raises(IntegrityError), transaction.atomic():
        periode.rapportages.filter(thema__nummer=1).update(tijd_smiley="rood", tijd_tekst="")


def test_quarter_must_be_one_to_four(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rapportageperiode.objects.create(plan=plan, jaar=2016, kwartaal=5)


def test_adopted_plan_needs_a_date(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(vastgesteld_op=None)


def test_negative_amount_is_refused(plan):
    financiering = plan.themas.get(nummer=1).financiering.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(financiering).objects.filter(pk=financiering.pk).update(bedrag=Decimal("-1"))


def test_scale_label_as_the_plan_prints_it(plan):
    labels = {t.nummer: t.schaal_label for t in plan.themas.filter(nummer__in=[1, 3, 8])}
    assert labels == {1: "R3D", 3: "R1D (Wmo)", 8: "R2D (Jeugdhulp en Wmo)"}


def test_activity_result_is_its_italic_part():
    activiteit = Activiteit(omschrijving="Evaluatie gebruik Sensor: *evaluatieverslag*")
    assert activiteit.resultaat == "evaluatieverslag"
    assert Activiteit(omschrijving="Landelijke ontwikkelingen volgen").resultaat == ""


def test_row_labels_fall_back_from_theme_to_plan_to_default(plan):
    thema = plan.themas.get(nummer=1)
    thema.rijlabels = {"partners": "Betrokken partners"}
    plan.rijlabels = {"meten": "Hoe te meten"}
    assert thema.rijlabel("partners") == "Betrokken partners"
    assert thema.rijlabel("meten") == "Hoe te meten"
    assert thema.rijlabel("wie") == "Wie"


HISTORY_MODELS = [
    model
    for model in apps.get_models()
    if model._meta.app_label in {"regio", "agenda", "rapportage"}
    and not model.__name__.startswith("Historical")
    and not model._meta.auto_created
    and model.__name__ != "Herinnering"  # a send log, never edited
    and model.__name__ != "PdfDocument"  # a cache of rendered files, derived, never edited
]


def test_every_editable_model_keeps_history():
    zonder = [m.__name__ for m in HISTORY_MODELS if not hasattr(m, "history")]
    assert zonder == []


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_a_change_writes_a_history_record(model, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    if model.__name__ == "Gebruiker":  # the reference data holds no accounts
        model.objects.create(username="iemand")
    obj = eerste_of_voorbeeld(model)
    if model.__name__ in ALLEEN_TOEVOEGEN:  # never changed: the database refuses it
        with pytest.raises(IntegrityError), transaction.atomic():
            obj.save()
        return
    if getattr(obj, "vergrendeld", False) or getattr(obj, "status", "") == "vastgesteld":
        # Adopted data is immutable; a report of an open quarter is changed instead.
        from datetime import date

        from rapportage.services import rapportageperiode_openen

        periode = rapportageperiode_openen(
            plan=plan, jaar=2015, kwartaal=3, deadline=date(2015, 10, 15), door=None
        )
        obj = periode if model.__name__ == "Rapportageperiode" else periode.rapportages.first()
    voor = obj.history.count()
    obj.save()
    assert obj.history.count() == voor + 1
    assert obj.history.first().history_type == "~"


ALLEEN_TOEVOEGEN = {"Heropening", "GearchiveerdRapport"}


def test_history_records_many_to_many_changes(plan):
    thema = plan.themas.get(nummer=1)
    voor = thema.history.count()
    thema.partner_organisaties.clear()
    assert thema.history.count() > voor


def test_region_is_str_by_name():
    assert str(Regio(naam="Midden-Limburg")) == "Midden-Limburg"
