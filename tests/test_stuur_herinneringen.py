import pytest
from django.core import mail
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def met_email(rollen):
    rollen["trekker"].email = "g.poell@example.nl"
    rollen["trekker"].save()
    return rollen["trekker"]


def test_it_reminds_before_the_deadline(open_periode, met_email, capsys):
    call_command("stuur_herinneringen", "--dagen", "7", "--vandaag", "2015-10-10")
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["g.poell@example.nl"]
    assert "Herinnering" in bericht.subject
    assert "1. 1Gezin1Plan" in bericht.body
    assert "/themarapportages/" in bericht.body


def test_it_says_when_overdue(open_periode, met_email):
    call_command("stuur_herinneringen", "--vandaag", "2015-10-20")
    assert mail.outbox[0].subject.startswith("Te laat")


def test_nothing_too_early_or_twice_a_day(open_periode, met_email, capsys):
    call_command("stuur_herinneringen", "--vandaag", "2015-09-01")
    assert mail.outbox == []
    call_command("stuur_herinneringen", "--vandaag", "2015-10-10")
    call_command("stuur_herinneringen", "--vandaag", "2015-10-10")
    assert len(mail.outbox) == 1
    assert "vandaag al herinnerd" in capsys.readouterr().out


def test_submitted_reports_need_no_reminder(open_periode, met_email):
    open_periode.rapportages.update(status="ingediend")
    call_command("stuur_herinneringen", "--vandaag", "2015-10-10")
    assert mail.outbox == []


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="moet een datum zijn"):
        call_command("stuur_herinneringen", "--vandaag", "morgen")
