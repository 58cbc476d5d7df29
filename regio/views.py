"""Logging out, everywhere."""

from django.contrib.auth import views as auth_views


class UitloggenView(auth_views.LogoutView):
    """Logging out ends the account's sessions on every device, not only this one: a
    workplace left logged in elsewhere is logged out too."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            request.user.overal_uitloggen()
        return super().post(request, *args, **kwargs)
