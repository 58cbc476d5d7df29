"""The apps are layers and imports only run downwards (README, Layout): dashboard → documenten →
rapportage → agenda → regio. Read from the source, so an import inside a function counts too."""

import ast
from pathlib import Path

from django.conf import settings

LAGEN = ["regio", "agenda", "rapportage", "documenten", "dashboard"]


def _bestanden(app: str):
    return sorted(Path(settings.BASE_DIR, app).rglob("*.py"))


def _imports(pad: Path) -> list[tuple[int, str]]:
    """Every absolute import of a file: (line, module)."""
    gevonden = []
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if isinstance(knoop, ast.Import):
            gevonden += [(knoop.lineno, alias.name) for alias in knoop.names]
        elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
            gevonden.append((knoop.lineno, knoop.module))
            gevonden += [(knoop.lineno, f"{knoop.module}.{a.name}") for a in knoop.names]
    return gevonden


def _module(pad: Path) -> str:
    deel = pad.relative_to(settings.BASE_DIR).with_suffix("").parts
    return ".".join(deel[:-1] if deel[-1] == "__init__" else deel)


def test_no_app_imports_a_layer_above_it():
    fouten = []
    for rang, app in enumerate(LAGEN):
        hoger = set(LAGEN[rang + 1 :])
        for pad in _bestanden(app):
            for regel, module in _imports(pad):
                if module.split(".")[0] in hoger:
                    fouten.append(f"{pad.relative_to(settings.BASE_DIR)}:{regel} imports {module}")
    assert fouten == []


def test_the_documents_modules_import_each_other_one_way():
    """No import circle among the PDF modules: the parallel renderer and the WeasyPrint layer
    never reach back to the module that describes the documents (it used to, lazily)."""
    modules = {_module(pad): pad for pad in _bestanden("documenten")}
    graaf = {
        naam: {m for _r, m in _imports(pad) if m in modules and m != naam}
        | {
            f"documenten.{knoop.module or alias.name}".rstrip(".")
            for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8")))
            if isinstance(knoop, ast.ImportFrom) and knoop.level == 1
            for alias in knoop.names
            if f"documenten.{knoop.module or alias.name}" in modules
        }
        for naam, pad in modules.items()
    }
    kringen = []

    def bezoek(naam, pad):
        for volgende in graaf.get(naam, ()):
            if volgende in pad:
                kringen.append(pad[pad.index(volgende) :] + [volgende])
            elif len(pad) < len(graaf):
                bezoek(volgende, [*pad, volgende])

    for naam in graaf:
        bezoek(naam, [naam])
    assert kringen == []
    assert "documenten.documenten" not in graaf["documenten.pdf_parallel"]
