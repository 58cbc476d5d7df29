"""Signals of the plan layer for the layers above it, which agenda does not import."""

from django.dispatch import Signal

# Rows were written with history records that simple-history's own signal does not announce
# (post_create_historical_record is sent for one save at a time): the Excel import's bulk writes.
# sender: the model; pks: the rows.
historie_geschreven = Signal()
