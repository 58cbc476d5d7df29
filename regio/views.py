"""Logging out, everywhere; the answer to a locked-out login."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url


class UitloggenView(auth_views.LogoutView):
    """Logging out ends the account's sessions on every device, not only this one: a
    workplace left logged in elsewhere is logged out too; after a sign-in at the identity
    provider, the provider's session ends as well."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            request.user.overal_uitloggen()
        # Read before the session is flushed: present only after a sign-in at the provider.
        id_token = request.session.get("oidc_id_token")
        antwoord = super().post(request, *args, **kwargs)
        if id_token and settings.OIDC_OP_LOGOUT_ENDPOINT:
            return self.bij_provider_uitloggen(id_token)
        return antwoord

    def bij_provider_uitloggen(self, id_token: str):
        """On to the identity provider's end_session_endpoint, which ends its own session and
        sends the browser back to the app's start page (registered there as the client's
        post-logout redirect URI)."""
        terug = self.request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
        parameters = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": terug})
        scheiding = "&" if "?" in settings.OIDC_OP_LOGOUT_ENDPOINT else "?"
        return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_ENDPOINT}{scheiding}{parameters}")


def geblokkeerd(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): in Dutch, with the
    lockout's length in minutes, status 429."""
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/geblokkeerd.html", {"minuten": minuten}, status=429)
