"""What every command of the project shares: Dutch messages for wrong arguments and for files
that cannot be read or written."""

import re
import sys
from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter


class HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the examples in a command's description on their own lines."""


# argparse speaks English; its few messages for wrong arguments, in Dutch.
ARGPARSE_MELDINGEN = [
    (r"the following arguments are required: (.*)", r"deze opties zijn verplicht: \1"),
    (r"one of the arguments (.*) is required", r"kies een van deze opties: \1"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 gaat niet samen met \2"),
    (r"argument (\S+): invalid int value: (.*)", r"\1 moet een geheel getal zijn, niet \2"),
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"\1 kent \2 niet; kies uit \3",
    ),
    (r"argument (\S+): expected one argument", r"\1 heeft een waarde nodig"),
    (r"unrecognized arguments: (.*)", r"onbekende opties: \1"),
]

BESTANDSFOUTEN = {
    IsADirectoryError: "dat is een map, geen bestand",
    PermissionError: "geen toestemming",
}


def nederlands(melding: str) -> str:
    for patroon, vervanging in ARGPARSE_MELDINGEN:
        if re.fullmatch(patroon, melding):
            return re.sub(patroon, vervanging, melding)
    return melding


def bestandsfout(fout: OSError, *, schrijven: bool = True) -> str:
    """Why a file could not be written (or read), in Dutch."""
    if isinstance(fout, FileNotFoundError):
        return "de map bestaat niet" if schrijven else "het bestand bestaat niet"
    if isinstance(fout, PermissionError):
        return "geen toestemming om daar te schrijven" if schrijven else "geen toestemming"
    return next(
        (tekst for soort, tekst in BESTANDSFOUTEN.items() if isinstance(fout, soort)),
        fout.strerror or str(fout),
    )


class Opdracht(BaseCommand):
    """A command that answers wrong arguments in Dutch."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(
            prog_name, subcommand, formatter_class=HelpFormatter, **kwargs
        )

        def fout(melding):
            melding = nederlands(melding)
            if not parser.called_from_command_line:
                raise CommandError(melding)
            parser.print_usage(sys.stderr)
            parser.exit(2, f"{parser.prog}: fout: {melding}\n")

        parser.error = fout
        return parser
