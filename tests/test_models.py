from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda.models import Onderdeel, Plan, Planvorm
from rapportage.models import Rapportageperiode, ThemaRapportage
from regio.models import Regio

from .factories import eerste_of_voorbeeld, onderdeel

pytestmark = pytest.mark.django_db


def _ander_plan(plan):
    ander = Plan.objects.create(
        regio=plan.regio,
        planvorm=plan.planvorm,
        slug="ander-plan",
        titel="Ander plan",
        jaar_van=2017,
        jaar_tot_en_met=2018,
    )
    speerpunt = Onderdeel.objects.create(
        plan=ander, niveau=plan.niveau(1), code="1", volgorde=1, titel="Eén speerpunt"
    )
    return ander, speerpunt


def test_number_is_unique_per_level_within_a_plan(plan):
    speerpunt = onderdeel(plan, 1, niveau="speerpunten")
    with pytest.raises(IntegrityError), transaction.atomic():
        Onderdeel.objects.create(
            plan=plan, niveau=plan.niveau(2), ouder=speerpunt, code="1", titel="Dubbel"
        )


def test_the_same_number_may_be_used_on_another_level_and_in_another_plan(plan):
    # Speerpunt 1 and thema 1 coexist in the reference plan; another plan may have its own 1.
    assert plan.onderdelen.filter(code="1").count() == 2
    ander, speerpunt = _ander_plan(plan)
    Onderdeel.objects.create(
        plan=ander, niveau=plan.niveau(2), ouder=speerpunt, code="1", titel="Ook nummer 1"
    )
    assert Onderdeel.objects.filter(niveau=plan.niveau(2), code="1").count() == 2


def test_an_item_falls_under_the_level_directly_above_it(plan):
    thema = onderdeel(plan, 1)
    activiteit = Onderdeel(plan=plan, niveau=plan.niveau(3), ouder=None, code="x", tekst="Los")
    with pytest.raises(ValidationError, match="valt onder een onderdeel van het niveau erboven"):
        activiteit.full_clean()
    activiteit.ouder = onderdeel(plan, 1, niveau="speerpunten")
    with pytest.raises(ValidationError, match="niet onder een speerpunt"):
        activiteit.full_clean()
    activiteit.ouder = thema
    activiteit.full_clean()


def test_an_item_rejects_a_parent_of_another_plan(plan):
    _ander, vreemd_speerpunt = _ander_plan(plan)
    thema = onderdeel(plan, 1)
    thema.ouder = vreemd_speerpunt
    with pytest.raises(ValidationError, match="ander plan"):
        thema.full_clean()


def test_values_come_from_the_plans_own_lists(plan):
    vorm = Planvorm.objects.get(slug="taak-actie")
    vreemd = vorm.keuzelijsten.get(soort="rol").waarden.first()
    thema = onderdeel(plan, 1)
    thema.prioriteit = vreemd
    with pytest.raises(ValidationError, match="Kies een waarde uit de lijst van de planvorm"):
        thema.full_clean()


def test_moving_an_item_moves_everything_below_it(plan):
    """The position in the outline (pad) orders a whole plan in one query; it follows a move."""
    thema = onderdeel(plan, 3)
    activiteit = thema.kinderen.order_by("volgorde").first()
    naar = onderdeel(plan, 3, niveau="speerpunten")
    thema.ouder = naar
    thema.volgorde = 99
    thema.save()
    activiteit.refresh_from_db()
    assert activiteit.pad.startswith(f"{naar.pad}.00099.")
    laatste = plan.onderdelen.filter(niveau=plan.niveau(2)).order_by("pad").last()
    assert laatste == thema


def test_a_deadline_is_kept_as_printed_and_sortable(plan):
    actie = onderdeel(plan, "1.1", niveau="activiteiten")
    actie.deadline_tekst = "Derde/vierde kwartaal 2014"
    actie.save()
    actie.refresh_from_db()
    assert (actie.deadline_soort, str(actie.deadline_datum)) == ("kwartaal", "2014-12-31")
    actie.deadline_tekst = "31-02-2018"
    with pytest.raises(ValidationError, match="'31-02-2018'|“31-02-2018” is geen datum"):
        actie.full_clean()


def test_report_is_unique_per_item_and_period(periode):
    thema = onderdeel(periode.plan, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemaRapportage.objects.create(periode=periode, onderdeel=thema)


def test_same_item_may_report_in_another_period(periode):
    volgende = Rapportageperiode.objects.create(plan=periode.plan, jaar=2015, kwartaal=3)
    ThemaRapportage.objects.create(periode=volgende, onderdeel=onderdeel(periode.plan, 1))
    assert (
        ThemaRapportage.objects.filter(onderdeel__plan=periode.plan, onderdeel__code="1").count()
        == 2
    )


def test_orange_without_explanation_is_refused_with_a_dutch_message(periode):
    rapport = periode.rapportages.get(onderdeel__code="1")
    rapport.kosten_smiley, rapport.kosten_tekst = "oranje", "  "
    with pytest.raises(ValidationError) as fout:
        rapport.full_clean()
    assert fout.value.message_dict["kosten_tekst"] == ["Een toelichting is verplicht bij oranje."]


def test_database_refuses_red_without_explanation(periode):
    with pytest.raises(IntegrityError), transaction.atomic():
        periode.rapportages.filter(onderdeel__code="1").update(tijd_smiley="rood", tijd_tekst="")


def test_quarter_must_be_one_to_four(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rapportageperiode.objects.create(plan=plan, jaar=2016, kwartaal=5)


def test_adopted_plan_needs_a_date(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(vastgesteld_op=None)


def test_negative_amount_is_refused(plan):
    post = plan.begrotingsposten.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(post).objects.filter(pk=post.pk).update(bedrag=Decimal("-1"))


def test_scale_label_as_the_plan_prints_it(plan):
    labels = {c: onderdeel(plan, c).schaal_label for c in ("1", "3", "8")}
    assert labels == {"1": "R3D", "3": "R1D (Wmo)", "8": "R2D (Jeugdhulp en Wmo)"}


def test_result_is_the_italic_part():
    assert Onderdeel(tekst="Evaluatie gebruik Sensor: *evaluatieverslag*").resultaat == (
        "evaluatieverslag"
    )
    assert Onderdeel(tekst="Landelijke ontwikkelingen volgen").resultaat == ""


def test_row_labels_fall_back_from_item_to_shape(plan):
    thema = onderdeel(plan, 1)
    secties = {s.sleutel: s for s in plan.secties(thema.niveau_id)}
    thema.rijlabels = {"partners": "Partners"}
    assert thema.rijlabel(secties["partners"]) == "Partners"
    assert thema.rijlabel(secties["meten"]) == "Meten"
    assert thema.rijlabel(secties["wie"]) == "Wie"


HISTORY_MODELS = [
    model
    for model in apps.get_models()
    if model._meta.app_label in {"regio", "agenda", "rapportage", "documenten"}
    and not model.__name__.startswith("Historical")
    and not model._meta.auto_created
    and model.__name__ != "Herinnering"  # a send log, never edited
    and model.__name__ != "Melding"  # a send log too: written by the cycle, never edited
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
    thema = onderdeel(plan, 1)
    voor = thema.history.count()
    thema.domeinen.clear()
    assert thema.history.count() > voor


def test_region_is_str_by_name():
    assert str(Regio(naam="Midden-Limburg")) == "Midden-Limburg"
