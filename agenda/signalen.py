"""What the plan tells the layers above it, which it does not import (documenten renders an
adopted plan's PDF ahead of the griffie's first download)."""

from django.db import transaction
from django.dispatch import Signal

from .constants import PlanStatus

# Sent with `plan` once the change that adopted it is committed, never for one rolled back.
plan_vastgesteld = Signal()


def vaststelling_melden(plan):
    """Call where an existing plan's status was just changed (the admin, a workbook): if it is
    now adopted, the layers above hear of it after the commit."""
    if plan.status != PlanStatus.VASTGESTELD:
        return
    transaction.on_commit(lambda: plan_vastgesteld.send(sender=type(plan), plan=plan))
