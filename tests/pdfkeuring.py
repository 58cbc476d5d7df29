"""The PDF/UA checkers that install from PyPI, run on a document: `pdfua` (the machine-checkable
part of PDF/UA-1) and `outloud` (PDF/UA-1 and WCAG 2.2, with checks a validator cannot make).

Used by the tests (no errors, warnings not above the ceiling) and by bench/pdf_keuring.py (the
warnings listed per rule). The ceiling lives in bench/pdf_keuring.json: lower it when a warning
goes away, never raise it without saying why in the commit.
"""

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

GRENS = Path(__file__).resolve().parent.parent / "bench" / "pdf_keuring.json"


def _programma(naam: str) -> str:
    """The checker's command in this interpreter's environment (the project's virtualenv)."""
    return str(Path(sys.executable).with_name(naam))


def keuren(inhoud: bytes) -> dict:
    """Both checkers' findings: errors as "checker RULE: message", warnings counted per rule."""
    with tempfile.TemporaryDirectory() as map_:
        bestand = Path(map_) / "document.pdf"
        bestand.write_bytes(inhoud)
        pdfua = json.loads(
            subprocess.run(
                [_programma("pdfua"), "check", "--format", "json", str(bestand)],
                capture_output=True,
                text=True,
                timeout=600,
            ).stdout
        )
        rapport = Path(map_) / "outloud.json"
        subprocess.run(
            [_programma("outloud"), str(bestand), "--json", str(rapport), "--quiet"],
            capture_output=True,
            timeout=600,
            check=False,
        )
        outloud = json.loads(rapport.read_text())["results"][0]
    fouten, waarschuwingen = [], Counter()
    for bevinding in pdfua["findings"]:
        regel = f"pdfua {bevinding['rule_id']}"
        if bevinding["severity"] == "error":
            fouten.append(f"{regel}: {bevinding.get('message', '')}")
        elif bevinding["severity"] == "warning":
            waarschuwingen[regel] += 1
    if outloud.get("error"):
        fouten.append(f"outloud: {outloud['error']}")
    for bevinding in outloud["findings"]:
        regel = f"outloud {bevinding['rule']}"
        if bevinding["severity"] == "error":
            fouten.append(f"{regel} p.{bevinding.get('page')}: {bevinding['message']}")
        elif bevinding["severity"] == "warning":
            waarschuwingen[regel] += bevinding.get("count", 1)
    overgeslagen = [s["rule_id"] for s in pdfua.get("skipped", [])]
    return {"fouten": fouten, "waarschuwingen": dict(waarschuwingen), "overgeslagen": overgeslagen}


def grens() -> dict[str, dict[str, int]]:
    """Per reference document, the most warnings per rule that may remain."""
    return json.loads(GRENS.read_text())


def boven_de_grens(document: str, waarschuwingen: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Rules with more warnings than the ceiling allows: rule -> (found, allowed)."""
    toegestaan = grens().get(document, {})
    return {
        regel: (aantal, toegestaan.get(regel, 0))
        for regel, aantal in waarschuwingen.items()
        if aantal > toegestaan.get(regel, 0)
    }
