"""The PDF/UA checkers' warnings on every reference document, against their ceiling; see
bench/README.md.

    .venv/bin/python bench/pdf_keuring.py            # list, and exit 1 when a count grew
    .venv/bin/python bench/pdf_keuring.py --bijwerken  # write the counts as the new ceiling
    .venv/bin/python bench/pdf_keuring.py --bewaar /tmp/keuring  # also keep the PDFs there

Runs against a throwaway SQLite database with the reference data. Errors are never allowed (the
tests fail on them); warnings are listed per document and rule, and may not grow past
bench/pdf_keuring.json.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))
DB = Path(tempfile.mkdtemp(prefix="bench-keuring-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformatie.settings")
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ["MEDIA_ROOT"] = str(DB.parent / "media")

import django  # noqa: E402

django.setup()

from tests.pdfkeuring import GRENS, grens, keuren  # noqa: E402


def documenten_om_te_keuren():
    """Name and bytes of each reference document, in the variant a reader gets."""
    from django.core.management import call_command

    from agenda.models import Plan
    from documenten import documenten
    from rapportage.referentiedata import laad_referentiedata

    call_command("migrate", verbosity=0)
    laad_referentiedata()
    plan = Plan.objects.get(slug="midden-limburg-2015-2016")
    periode = plan.rapportageperiodes.get(jaar=2015, kwartaal=2)
    thema = plan.onderdelen.get(niveau=plan.rapportageniveau, code="25")
    yield "plan", documenten.pdf_bytes(documenten.plan_document(plan))
    yield "rapport-2015-Q2-archief", documenten.rapport_pdf_bytes(periode)
    yield "rapport-2015-Q2", documenten.pdf_bytes(documenten.rapport_document(periode))
    yield "thema-25", documenten.pdf_bytes(documenten.onderdeel_document(plan, thema))


def main(bijwerken: bool, bewaar: Path | None) -> int:
    plafond = grens()
    gevonden, fouten, gegroeid = {}, [], []
    print(f"{'document':<26} {'checker en regel':<22} {'aantal':>6} {'grens':>6}")
    for naam, inhoud in documenten_om_te_keuren():
        begin = time.perf_counter()
        if bewaar is not None:
            bewaar.mkdir(parents=True, exist_ok=True)
            (bewaar / f"{naam}.pdf").write_bytes(inhoud)
        uitslag = keuren(inhoud)
        gevonden[naam] = dict(sorted(uitslag["waarschuwingen"].items()))
        fouten += [f"{naam}: {fout}" for fout in uitslag["fouten"]]
        for regel, aantal in gevonden[naam].items():
            toegestaan = plafond.get(naam, {}).get(regel, 0)
            teken = "  GROEI" if aantal > toegestaan else ""
            print(f"{naam:<26} {regel:<22} {aantal:>6} {toegestaan:>6}{teken}")
            if aantal > toegestaan:
                gegroeid.append((naam, regel))
        totaal = sum(gevonden[naam].values())
        overgeslagen = ", ".join(uitslag["overgeslagen"]) or "geen"
        print(
            f"{naam:<26} {'totaal':<22} {totaal:>6} {sum(plafond.get(naam, {}).values()):>6}"
            f"   ({len(inhoud) // 1024} KiB, {time.perf_counter() - begin:.1f} s gekeurd;"
            f" pdfua sloeg over: {overgeslagen})"
        )
    print(f"fouten: {len(fouten)}")
    for fout in fouten:
        print(f"  {fout}")
    if bijwerken:
        GRENS.write_text(json.dumps(gevonden, indent=2, sort_keys=True) + "\n")
        print(f"grens bijgewerkt: {GRENS.relative_to(BASIS)}")
        return 1 if fouten else 0
    return 1 if fouten or gegroeid else 0


if __name__ == "__main__":
    argumenten = sys.argv[1:]
    bewaar = (
        Path(argumenten[argumenten.index("--bewaar") + 1]) if "--bewaar" in argumenten else None
    )
    sys.exit(main("--bijwerken" in argumenten, bewaar))
