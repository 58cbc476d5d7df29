"""The plan the main menu links to on pages that are not about one plan (Mijn thema's, error
pages, the dashboard's national overview): the account's own plan, when it has exactly one."""

from django.utils.functional import SimpleLazyObject

from .toegang import plannen_voor_gebruiker


def navigatie(request):
    def eigen_plan():
        gebruiker = getattr(request, "user", None)
        if gebruiker is None or not gebruiker.is_authenticated:
            return None
        plannen = list(plannen_voor_gebruiker(gebruiker).only("slug")[:2])
        return plannen[0] if len(plannen) == 1 else None

    # Lazy: a page that has its own plan never asks the database.
    return {"nav_plan": SimpleLazyObject(eigen_plan)}
