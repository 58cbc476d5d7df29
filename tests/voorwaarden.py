"""Test groups that need something outside Python, and the Debian packages that bring it.

A test of such a group is skipped where its program is missing (never in CI, which installs them:
.ci/run); the end of every test run (tests/conftest.py) names each skipped group, how many tests it
holds and the `apt-get install` that would run them, so a newcomer's green run never hides them.
"""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.db import connection

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass(frozen=True)
class Groep:
    naam: str
    pakketten: tuple[str, ...]
    uitleg: str

    @property
    def label(self) -> str:
        return f"[{self.naam}]"


BROWSER = Groep(
    "browser",
    ("chromium",),
    "accessibility (axe), keyboard-only, 320 px reflow and end-to-end tests in headless Chromium",
)
PDF_TEKST = Groep(
    "pdf-tekst", ("poppler-utils",), "PDF tests that read the text and pages (pdftotext, pdftoppm)"
)
POSTGRESQL = Groep(
    "postgresql",
    ("postgresql",),
    "several processes on one database server (task workers); run with "
    "DATABASE_URL=postgres://... or `bash .ci/run`, which starts a throw-away cluster",
)
GROEPEN = [BROWSER, PDF_TEKST, POSTGRESQL]


def _markering(groep: Groep, ontbreekt: bool) -> pytest.MarkDecorator:
    # CI installs every package (.ci/run): there a missing one is a failure, never a skip.
    return pytest.mark.skipif(
        ontbreekt and not os.environ.get("CI"),
        reason=f"{groep.label} {groep.uitleg}; needs Debian package(s) {' '.join(groep.pakketten)}",
    )


MET_BROWSER = _markering(BROWSER, not os.path.exists(CHROMIUM))
MET_PDF_TEKST = _markering(PDF_TEKST, shutil.which("pdftotext") is None)
MET_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=f"{POSTGRESQL.label} {POSTGRESQL.uitleg}; needs Debian package(s) postgresql",
)


def samenvatting(overgeslagen: list[str]) -> list[str]:
    """Lines for the end of a test run: each skipped group with its count and packages."""
    regels = []
    for groep in GROEPEN:
        aantal = sum(1 for reden in overgeslagen if groep.label in reden)
        if aantal:
            regels.append(
                f"{groep.naam}: {aantal} test(s) skipped: {groep.uitleg}. "
                f"To run them: apt-get install {' '.join(groep.pakketten)}"
            )
    return regels
