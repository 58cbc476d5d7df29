"""What the plan tells the layers above it, which it does not import (documenten renders an
adopted plan's PDF ahead of the griffie's first download, and renders again what bulk writes
changed)."""

from django.db import transaction
from django.dispatch import Signal

from .constants import PlanStatus

# Sent with `plan` once the change that adopted it is committed, never for one rolled back.
plan_vastgesteld = Signal()

# Rows were written with history records that simple-history's own signal does not announce
# (post_create_historical_record is sent for one save at a time): the Excel import's bulk writes.
# sender: the model; pks: the rows.
historie_geschreven = Signal()


def vaststelling_melden(plan):
    """Call where an existing plan's status was just changed (the admin, a workbook): if it is
    now adopted, the layers above hear of it after the commit."""
    if plan.status != PlanStatus.VASTGESTELD:
        return
    transaction.on_commit(lambda: plan_vastgesteld.send(sender=type(plan), plan=plan))
