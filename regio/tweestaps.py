"""Two-step sign-in (TOTP, django-otp) for the roles that adopt reports and manage accounts.

Transformatiemanagers, functioneel beheerders and superusers confirm a code from an authenticator
app after their password, unless the gemeente's identity provider already asserted a second
factor for this login (regio.oidc.mfa_bevestigd). Who needs it is decided in `vereist`; the
middleware sends such an account to set up or enter its code before any other page.
"""

from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from transformatie.logboek import gebeurtenis

from .constants import Gebruikersrol

ROLLEN_MET_TWEE_STAPPEN = (Gebruikersrol.TRANSFORMATIEMANAGER, Gebruikersrol.BEHEERDER)
SESSIE_IDP = "tweede_factor_door_idp"
# Paths an account may open before its second step: the step itself, signing out, and pages
# that are public anyway.
VRIJ = ("/inloggen/", "/uitloggen/", "/static/", "/gezondheid/", "/toegankelijkheid/", "/oidc/")


def vereist(gebruiker) -> bool:
    return settings.TWEE_FACTOR_VERPLICHT and (
        gebruiker.is_superuser or gebruiker.rol in ROLLEN_MET_TWEE_STAPPEN
    )


def voltooid(request) -> bool:
    return request.user.is_verified() or request.session.get(SESSIE_IDP, False)


class TweeStapsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gebruiker = request.user
        if (
            gebruiker.is_authenticated
            and vereist(gebruiker)
            and not voltooid(request)
            and not request.path.startswith(VRIJ)
        ):
            return redirect(
                f"{reverse('tweede_stap')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)


def _na_inloggen(sender, request, user, **kwargs):
    # A fresh login starts without a second factor, unless the identity provider gave one.
    if request is not None:
        request.session[SESSIE_IDP] = bool(getattr(user, "mfa_door_idp", False))


def koppelen():
    user_logged_in.connect(_na_inloggen, dispatch_uid="tweestaps_na_inloggen")


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code uit uw authenticator-app",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        help_text="Zes cijfers, bijvoorbeeld 123456. De code verandert elke 30 seconden.",
        error_messages={
            "required": "Vul de code van zes cijfers in.",
            "invalid": "Een code bestaat uit zes cijfers.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _volgende(request) -> str:
    volgende = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
        return "/"
    return volgende


def _controleren(request, apparaat, form) -> bool:
    """Check the code; a wrong one counts towards django-otp's throttling of the device."""
    if not form.is_valid():
        return False
    toegestaan, _ = apparaat.verify_is_allowed()
    if not toegestaan:
        form.add_error("code", "Te veel foute codes achter elkaar. Wacht even en probeer opnieuw.")
        return False
    if not apparaat.verify_token(form.cleaned_data["code"].strip()):
        form.add_error("code", "Deze code klopt niet. Vul de code in die de app nu toont.")
        gebeurtenis("tweede stap", object=f"gebruiker:{request.user.pk}", result="mislukt")
        return False
    return True


@login_required
def tweede_stap(request):
    """Enter the code of the confirmed authenticator app; without one, set it up first."""
    if not vereist(request.user) or voltooid(request):
        return redirect(_volgende(request))
    apparaat = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if apparaat is None:
        return redirect(
            f"{reverse('tweede_stap_instellen')}?{urlencode({'next': _volgende(request)})}"
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _controleren(request, apparaat, form):
        otp_login(request, apparaat)
        gebeurtenis("tweede stap", object=f"gebruiker:{request.user.pk}")
        return redirect(_volgende(request))
    return render(
        request,
        "registration/tweede_stap.html",
        {"form": form, "next": _volgende(request)},
        status=400 if form.errors else 200,
    )


@login_required
def tweede_stap_instellen(request):
    """Link an authenticator app: scan the code (or type the key), confirm with one code."""
    if not vereist(request.user):
        return redirect(_volgende(request))
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(f"{reverse('tweede_stap')}?{urlencode({'next': _volgende(request)})}")
    apparaat, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator-app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _controleren(request, apparaat, form):
        apparaat.confirmed = True
        apparaat.save(update_fields=["confirmed"])
        otp_login(request, apparaat)
        gebeurtenis("tweede stap ingesteld", object=f"gebruiker:{request.user.pk}")
        return redirect(_volgende(request))
    qr = segno.make(apparaat.config_url, error="m")
    return render(
        request,
        "registration/tweede_stap_instellen.html",
        {
            "form": form,
            "next": _volgende(request),
            "qr": qr.svg_inline(scale=5, title="QR-code voor uw authenticator-app"),
            "sleutel": _groepen(apparaat.bin_key),
        },
        status=400 if form.errors else 200,
    )


def _groepen(sleutel: bytes) -> str:
    """The key in base32, in groups of four, to type into an app that cannot scan."""
    from base64 import b32encode

    tekst = b32encode(sleutel).decode().rstrip("=")
    return " ".join(tekst[i : i + 4] for i in range(0, len(tekst), 4))
