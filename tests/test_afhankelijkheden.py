"""Production installs what constraints.txt pins (issue 13, defence 13): every package the
project needs at run time, directly or through another, has an exact version there, and the
tests run on exactly those versions (bin/test installs with the same constraints)."""

import re
from importlib import metadata
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PINS = Path(settings.BASE_DIR) / "constraints.txt"


def _pins() -> dict[str, str]:
    pins = {}
    for regel in PINS.read_text(encoding="utf-8").splitlines():
        gevonden = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", regel)
        if gevonden:
            pins[canonicalize_name(gevonden[1])] = gevonden[2]
    return pins


def _nodig_bij_draaien() -> set[str]:
    """The project's run-time requirements and theirs, as installed, without extras."""
    gezien, te_doen = set(), ["transformatie-agenda"]
    while te_doen:
        naam = te_doen.pop()
        for tekst in metadata.distribution(naam).requires or []:
            eis = Requirement(tekst)
            if eis.marker is not None and not eis.marker.evaluate({"extra": ""}):
                continue
            sleutel = canonicalize_name(eis.name)
            if sleutel not in gezien:
                gezien.add(sleutel)
                te_doen.append(eis.name)
    return gezien


def test_every_run_time_package_is_pinned_to_one_version():
    pins = _pins()
    ontbrekend = sorted(_nodig_bij_draaien() - set(pins))
    assert ontbrekend == [], "run pip-compile as README says, and commit constraints.txt"


def test_the_tests_run_on_the_pinned_versions():
    pins = _pins()
    anders = {
        naam: (metadata.version(naam), pins[naam])
        for naam in _nodig_bij_draaien()
        if naam in pins and metadata.version(naam) != pins[naam]
    }
    assert anders == {}
