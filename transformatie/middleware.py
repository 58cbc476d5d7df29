"""Response headers the site adds itself (Django and django-permissions-policy do the rest)."""

from django.utils.cache import patch_vary_headers


class GeenOpslagVoorIngelogden:
    """Everything a logged-in account gets, pages and downloads alike, holds unadopted or
    personal data: no browser or proxy cache keeps it (`Cache-Control: private, no-store`),
    so the back button on a shared workplace shows nothing after logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        gebruiker = getattr(request, "user", None)
        if gebruiker is not None and gebruiker.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
            patch_vary_headers(response, ["Cookie"])
        return response
