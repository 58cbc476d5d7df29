"""A small OpenID Connect provider (django-oidc-provider) for the tests and for trying the
production set-up on one machine: it stands in for the gemeente's identity provider. Never for
real use: fixed test accounts, DEBUG on, SQLite in a temporary file."""

import os
from pathlib import Path

HIER = Path(__file__).resolve().parent

SECRET_KEY = "alleen-voor-de-testprovider"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_testprovider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HIER / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("TESTPROVIDER_DATABASE", HIER / "testprovider.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# The issuer as the app sees it (the `iss` of every ID token).
SITE_URL = os.environ.get("TESTPROVIDER_URL", "http://127.0.0.1:8001")
OIDC_USERINFO = "tests.oidc_testprovider.claims.userinfo"
OIDC_IDTOKEN_PROCESSING_HOOK = "tests.oidc_testprovider.claims.id_token"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
