"""Logging out, everywhere; the answer to a locked-out login."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render


class UitloggenView(auth_views.LogoutView):
    """Logging out ends the account's sessions on every device, not only this one: a
    workplace left logged in elsewhere is logged out too."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            request.user.overal_uitloggen()
        return super().post(request, *args, **kwargs)


def geblokkeerd(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): in Dutch, with the
    lockout's length in minutes, status 429."""
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/geblokkeerd.html", {"minuten": minuten}, status=429)
