"""python manage.py exporteer_plan: a plan's workbook, or a shape's blank template."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _bladen(pad) -> list[str]:
    return openpyxl.load_workbook(pad, read_only=True).sheetnames


def test_it_writes_a_plans_workbook(tmp_path, capsys):
    pad = tmp_path / "plan.xlsx"
    call_command("exporteer_plan", "--plan", "midden-limburg-2015-2016", "--output", str(pad))
    assert f"{pad} geschreven (" in capsys.readouterr().out
    bladen = _bladen(pad)
    assert bladen[:2] == ["Toelichting", "Plan"]
    assert {"Speerpunten", "Thema's", "Activiteiten", "Rapportages"} <= set(bladen)


def test_it_writes_a_blank_template_with_a_regions_gemeenten(tmp_path):
    pad = tmp_path / "sjabloon.xlsx"
    call_command(
        "exporteer_plan",
        "--sjabloon",
        "taak-actie",
        "--regio",
        "holland-rijnland",
        "--output",
        str(pad),
    )
    boek = openpyxl.load_workbook(io.BytesIO(pad.read_bytes()))
    assert {"Taken", "Acties"} <= set(boek.sheetnames)
    assert boek["Taken"].max_row == 1
    assert boek["Gemeenten"].max_row > 10


@pytest.mark.parametrize(
    "argumenten,melding",
    [
        (["--plan", "bestaat-niet"], "Onbekend plan 'bestaat-niet'. Bekende plannen: "),
        (["--sjabloon", "bestaat-niet"], "Onbekende planvorm 'bestaat-niet'. Bekende planvormen: "),
        (["--sjabloon", "taak-actie", "--regio", "nergens"], "Onbekende regio 'nergens'"),
        (["--plan", "midden-limburg-2015-2016", "--regio", "x"], "--regio hoort bij --sjabloon"),
        (["--plan", "x", "--sjabloon", "y"], "--sjabloon gaat niet samen met --plan"),
        ([], "kies een van deze opties: --plan --sjabloon"),
    ],
)
def test_it_speaks_dutch_about_wrong_arguments(tmp_path, argumenten, melding):
    with pytest.raises(CommandError, match=melding.replace("(", r"\(").replace(")", r"\)")):
        call_command("exporteer_plan", *argumenten, "--output", str(tmp_path / "x.xlsx"))


def test_it_says_why_it_cannot_write(tmp_path):
    with pytest.raises(CommandError, match="niet schrijven: de map bestaat niet"):
        call_command(
            "exporteer_plan",
            "--sjabloon",
            "taak-actie",
            "--output",
            str(tmp_path / "geen" / "x.xlsx"),
        )
