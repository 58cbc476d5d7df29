"""Imported by the forkserver of documenten.pdf_parallel (never elsewhere): Django, WeasyPrint
and fontconfig are loaded once there, and every worker forked from it starts warm."""

from documenten.pdf_parallel import _voorladen

_voorladen()
