"""Signing in with the gemeente's identity provider over OpenID Connect (mozilla-django-oidc).

mozilla-django-oidc does the protocol (state, nonce, PKCE, token exchange, signature check with
the provider's JWKS); this backend decides which account a login belongs to. An account is found
by the provider's stable subject (`sub`), never by e-mail address: an address can change hands
or be edited at the provider. A new subject gets a new account without role or region, so it sees
nothing until a functioneel beheerder grants it a role.
"""

from django.conf import settings
from django.utils.text import slugify
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from transformatie.logboek import gebeurtenis

from .models import Gebruiker


def mfa_bevestigd(claims: dict) -> bool:
    """Did the identity provider assert a second factor (RFC 8176 `amr`, or a configured `acr`)?"""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(settings.OIDC_MFA_AMR):
        return True
    return bool(claims.get("acr")) and claims.get("acr") in settings.OIDC_MFA_ACR


class OidcBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return Gebruiker.objects.filter(oidc_subject=claims["sub"])

    def describe_user_by_claims(self, claims):
        return f"subject {claims.get('sub')}"

    def create_user(self, claims):
        gebruiker = Gebruiker(
            username=self._vrije_gebruikersnaam(claims),
            email=claims.get("email", ""),
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
            oidc_subject=claims["sub"],
        )
        gebruiker.set_unusable_password()  # signs in at the provider only
        gebruiker._change_reason = "aangemaakt bij eerste aanmelding via OIDC"
        gebruiker.save()
        gebeurtenis("account aangemaakt", object=f"gebruiker:{gebruiker.pk}", actor=gebruiker)
        return gebruiker

    def update_user(self, user, claims):
        velden = {
            "email": claims.get("email", user.email),
            "first_name": claims.get("given_name", user.first_name)[:150],
            "last_name": claims.get("family_name", user.last_name)[:150],
        }
        gewijzigd = [naam for naam, waarde in velden.items() if getattr(user, naam) != waarde]
        if gewijzigd:
            for naam in gewijzigd:
                setattr(user, naam, velden[naam])
            user._change_reason = "gegevens bijgewerkt door de identity provider"
            user.save(update_fields=gewijzigd)
        return user

    def get_or_create_user(self, access_token, id_token, payload):
        gebruiker = super().get_or_create_user(access_token, id_token, payload)
        if gebruiker is not None:
            # Read by regio.tweestaps when the login completes: the ID token's own claims.
            gebruiker.mfa_door_idp = mfa_bevestigd(payload)
        return gebruiker

    @staticmethod
    def _vrije_gebruikersnaam(claims) -> str:
        basis = claims.get("preferred_username") or claims.get("email", "").split("@")[0] or "oidc"
        basis = slugify(basis)[:140] or "oidc"
        naam, volgnummer = basis, 1
        while Gebruiker.objects.filter(username=naam).exists():
            volgnummer += 1
            naam = f"{basis}-{volgnummer}"
        return naam
