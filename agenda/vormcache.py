"""A plan's shape (levels, sections, lists), read once per process and kept under a stamp.

Every page of a plan shows its shape's words and rows: four queries and some hundred model
instances on each request, for data a beheerder changes a few times a year. A shape read once is
kept here under its Planvorm's `versie`. Every change to the shape or to one of its levels,
sections, lists or list values gives that column a new random value (the receivers below for
saves and deletes, `vormen_gewijzigd` for bulk writes such as the Excel import). Pages read the
stamp with the plan row they fetch anyway (`select_related("planvorm")`), so a change made in one
process is seen by every other process on its next request, at no extra query.

A random value rather than a counter: a rolled-back transaction (every test) or a restored backup
brings an older stamp back, and a counter would then meet a number that another state of the shape
also had.

The instances kept here are shared between requests: read them, never change them.
"""

import uuid
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models.planvorm import Keuzelijst, Lijstwaarde, Niveau, Planvorm, Sectie

# What a shape is made of: a write to any of these changes what pages show.
VORMMODELLEN = (Planvorm, Niveau, Sectie, Keuzelijst, Lijstwaarde)


@dataclass(frozen=True)
class Vorm:
    niveaus: list  # in depth order
    secties: dict  # niveau_id: its sections in order
    lijsten: dict  # KeuzelijstSoort: the list, its values read
    lijstwaarden: dict  # KeuzelijstSoort: the values in order


# planvorm pk: (stamp, shape). Only the newest stamp per shape is kept, so memory stays bounded
# by the number of shapes.
_vormen: dict[int, tuple[uuid.UUID, Vorm]] = {}


def vorm_van(planvorm: Planvorm) -> Vorm:
    """The shape as it is under the stamp `planvorm` was read with."""
    bewaard = _vormen.get(planvorm.pk)
    if bewaard is not None and bewaard[0] == planvorm.versie:
        return bewaard[1]
    vorm = _lezen(planvorm.pk)
    # Kept only if the stamp has not moved since the plan row was read: otherwise the rows just
    # read may belong to a newer state than the stamp, or (a plan object held across a change in
    # the same transaction) to one no other request will see.
    nu = Planvorm.objects.filter(pk=planvorm.pk).values_list("versie", flat=True).first()
    if nu == planvorm.versie:
        _vormen[planvorm.pk] = (nu, vorm)
    return vorm


def _lezen(planvorm_id: int) -> Vorm:
    niveaus = list(Niveau.objects.filter(planvorm_id=planvorm_id).order_by("diepte"))
    per_pk = {n.pk: n for n in niveaus}
    secties: dict = {}
    for sectie in Sectie.objects.filter(niveau__planvorm_id=planvorm_id).order_by("volgorde", "pk"):
        # its level from the list above, so that `sectie.niveau` asks nothing more
        sectie.niveau = per_pk[sectie.niveau_id]
        secties.setdefault(sectie.niveau_id, []).append(sectie)
    lijsten = {
        lijst.soort: lijst
        for lijst in Keuzelijst.objects.filter(planvorm_id=planvorm_id).prefetch_related("waarden")
    }
    lijstwaarden = {soort: list(lijst.waarden.all()) for soort, lijst in lijsten.items()}
    return Vorm(niveaus=niveaus, secties=secties, lijsten=lijsten, lijstwaarden=lijstwaarden)


def vormen_gewijzigd(planvormen=None):
    """Give these shapes (a Planvorm queryset; all when None) a new stamp, and forget what this
    process kept. For writes that send no signals (bulk_create, bulk_update, update)."""
    _vormen.clear()
    (Planvorm.objects.all() if planvormen is None else planvormen).update(versie=uuid.uuid4())


@receiver(pre_save, sender=Planvorm)
def _planvorm_opgeslagen(sender, instance, **kwargs):
    # The row itself carries its new stamp (its reporting level may have changed).
    instance.versie = uuid.uuid4()
    _vormen.clear()


@receiver(post_save, sender=Niveau)
@receiver(post_delete, sender=Niveau)
@receiver(post_save, sender=Keuzelijst)
@receiver(post_delete, sender=Keuzelijst)
def _niveau_of_lijst_gewijzigd(sender, instance, **kwargs):
    vormen_gewijzigd(Planvorm.objects.filter(pk=instance.planvorm_id))


@receiver(post_save, sender=Sectie)
@receiver(post_delete, sender=Sectie)
def _sectie_gewijzigd(sender, instance, **kwargs):
    vormen_gewijzigd(Planvorm.objects.filter(niveaus=instance.niveau_id))


@receiver(post_save, sender=Lijstwaarde)
@receiver(post_delete, sender=Lijstwaarde)
def _lijstwaarde_gewijzigd(sender, instance, **kwargs):
    vormen_gewijzigd(Planvorm.objects.filter(keuzelijsten=instance.keuzelijst_id))
