"""Start the test identity provider on loopback:

    python -m tests.oidc_testprovider --poort 8001 --redirect-uri http://127.0.0.1:8000/oidc/callback/

It creates its database, a signing key, the client `transformatie-agenda` (secret
`testprovider-geheim`) and three accounts (password `proef-wachtwoord`): `ambtenaar` (password
only), `manager-mfa` and `beheerder-mfa` (the provider asserts a second factor for both). Then it
prints the app's OIDC_* settings and serves until stopped.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

CLIENT_ID = "transformatie-agenda"
CLIENT_SECRET = "testprovider-geheim"
WACHTWOORD = "proef-wachtwoord"
ACCOUNTS = {
    "ambtenaar": ("Anna", "Ambtenaar", False),
    "manager-mfa": ("Mila", "Manager", True),
    "beheerder-mfa": ("Bram", "Beheerder", True),
}


def instellingen(basis: str) -> dict:
    """The app's settings for this provider."""
    return {
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{basis}/openid/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{basis}/openid/token",
        "OIDC_OP_USER_ENDPOINT": f"{basis}/openid/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{basis}/openid/jwks",
        "OIDC_OP_LOGOUT_ENDPOINT": f"{basis}/openid/end-session",
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_PROVIDER_NAAM": "de testprovider",
    }


def opzetten(redirect_uris: list[str]):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType, RSAKey

    call_command("migrate", verbosity=0)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.update_or_create(
        client_id=CLIENT_ID,
        defaults={
            "name": "Transformatie-agenda",
            "client_type": "confidential",
            "client_secret": CLIENT_SECRET,
            "jwt_alg": "RS256",
            "require_consent": False,
        },
    )
    client.redirect_uris = redirect_uris
    # After logging out here, back to the app's start page (the origin of each callback).
    client.post_logout_redirect_uris = [
        urlunsplit((*urlsplit(uri)[:2], "/", "", "")) for uri in redirect_uris
    ]
    client.scope = ["openid", "email", "profile"]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])
    mfa, _ = Group.objects.get_or_create(name="mfa")
    for naam, (voornaam, achternaam, met_mfa) in ACCOUNTS.items():
        gebruiker, _ = User.objects.get_or_create(username=naam)
        gebruiker.first_name, gebruiker.last_name = voornaam, achternaam
        gebruiker.email = f"{naam}@gemeente.example"
        gebruiker.set_password(WACHTWOORD)
        gebruiker.save()
        if met_mfa:
            gebruiker.groups.add(mfa)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.oidc_testprovider")
    parser.add_argument("--poort", type=int, default=8001)
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--database", help="SQLite file (default: a temporary one)")
    args = parser.parse_args(argv)
    basis = f"http://127.0.0.1:{args.poort}"
    database = args.database or str(Path(tempfile.mkdtemp(prefix="testprovider-")) / "db.sqlite3")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_testprovider.settings",
        TESTPROVIDER_DATABASE=database,
        TESTPROVIDER_URL=basis,
    )
    import django
    from django.core.management import call_command

    django.setup()
    opzetten(args.redirect_uri)
    print("Testprovider klaar. Instellingen voor de app:", flush=True)
    for naam, waarde in instellingen(basis).items():
        print(f"export {naam}='{waarde}'", flush=True)
    call_command("runserver", f"127.0.0.1:{args.poort}", use_reloader=False, use_threading=True)


if __name__ == "__main__":
    sys.exit(main())
