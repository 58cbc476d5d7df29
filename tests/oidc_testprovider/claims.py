"""What the test provider says about its accounts. Accounts in the group "mfa" signed in with a
second factor: their ID token says so in `amr` (RFC 8176) and `acr`, as a gemeente's identity
provider would."""


def userinfo(claims, user):
    claims.update(
        given_name=user.first_name,
        family_name=user.last_name,
        name=f"{user.first_name} {user.last_name}".strip(),
        email=user.email,
        email_verified=True,
        preferred_username=user.username,
    )
    return claims


def id_token(id_token, user, **kwargs):
    if user.groups.filter(name="mfa").exists():
        id_token["amr"] = ["pwd", "otp"]
        id_token["acr"] = "urn:test:mfa"
    else:
        id_token["amr"] = ["pwd"]
    return id_token
