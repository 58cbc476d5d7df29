"""Imported by the forkserver of rapportage.pdf_parallel (never elsewhere): Django, WeasyPrint
and fontconfig are loaded once there, and every worker forked from it starts warm."""

from rapportage.pdf_parallel import _voorladen

_voorladen()
