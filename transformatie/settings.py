"""Settings, read from the environment. Every variable is documented in README.md."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None
    if number <= 0:
        raise ImproperlyConfigured(f"{name} must be more than 0, not {value!r}")
    return number


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    # ASCII digits only: int() also takes "²" or "٣", which nobody means in a setting.
    if not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 12:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")
    number = int(value)
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {number}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "onveilig-alleen-voor-ontwikkeling"  # development only, never with DEBUG off

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_filters",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "axes",
    "regio",
    "agenda",
    "rapportage",
    "documenten",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "transformatie.middleware.SessieVerlengen",
    "django_otp.middleware.OTPMiddleware",
    "transformatie.logboek.LogboekMiddleware",
    "regio.tweestaps.TweeStapsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "transformatie.middleware.GeenOpslagVoorIngelogden",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "transformatie.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "agenda.context_processors.navigatie",
            ],
        },
    },
]

WSGI_APPLICATION = "transformatie.wsgi.application"

# SQLite file by default, so the demo runs on a fresh machine; DATABASE_URL selects another database.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database for a small team: write-ahead logging lets pages read while one
    # request writes; IMMEDIATE takes the write lock when a transaction starts, so a request
    # that read and then writes waits its turn (busy timeout) instead of failing with
    # "database is locked" (tests/test_gelijktijdig.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "regio.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): after LOGIN_MAX_POGINGEN failures an account is locked, from any
# address, and an address is locked, for any account, for LOGIN_BLOKKADE_MINUTEN.
AXES_FAILURE_LIMIT = env_int("LOGIN_MAX_POGINGEN", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_BLOKKADE_MINUTEN", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login, for whoever audits them
AXES_LOCKOUT_CALLABLE = "regio.views.geblokkeerd"
# Behind a reverse proxy every request comes from the proxy: the client's address (for the
# lockout and the logs) is then read from X-Forwarded-For, counting TRUSTED_PROXIES from the right.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# A session ends after a working day without a request (every request counts as activity; the
# session is written at most every five minutes: transformatie.middleware.SessieVerlengen)
# and, at logout, on every device (regio.views.UitloggenView).
SESSION_COOKIE_AGE = 8 * 60 * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

# Largest workbook the upload page accepts (agenda.views_excel); a plan of 1,000 actiepunten
# with 12 quarters of reports is about 1 MB.
EXCEL_IMPORT_MAX_BYTES = int(env_number("EXCEL_IMPORT_MAX_MB", 10) * 1024 * 1024)

# Stored files (PDF archive and renders) are only ever served through permission-checked views,
# never from MEDIA_URL. Local folder by default; "s3" puts them in S3-compatible object storage
# (django-storages), so several app servers share one archive.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "local":
    _media_opslag = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not os.environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("S3_BUCKET must be set when MEDIA_STORAGE is s3.")
    _media_opslag = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            # Private objects; the archive must never be reachable without the app's checks.
            "default_acl": "private",
            "querystring_auth": True,
            # Same name twice means a bug, never "make it unique": the archive keeps versions.
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}")

STORAGES = {
    "default": _media_opslag,
    # Hashed names (cached for a year by browsers) and gzip/brotli variants, served by whitenoise
    # from STATIC_ROOT after collectstatic. With DEBUG on, Django serves the unhashed files.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail (reminders). Console by default; set EMAIL_BACKEND to Django's SMTP backend and the
# EMAIL_HOST* variables for real delivery.
_mail_backend = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
_mail_options = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
# Absolute address of the app, for links in e-mail sent outside a request (reminders).
BASIS_URL = os.environ.get("BASIS_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "transformatie-agenda@localhost")

# Secure defaults once DEBUG is off; a TLS-terminating proxy sets X-Forwarded-Proto.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS only in production: plain HTTP is redirected, and browsers remember it for a year (HSTS).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer asks for the health check over plain HTTP, behind the TLS it terminates.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (Django's own): only this site's files; scripts and styles only from
# files or with the request's nonce ({{ csp_nonce }}), so no injected inline code runs. The
# templates have no inline script or style (tests/test_kopregels.py), and no page reports a
# violation in Chromium (tests/test_toegankelijkheid.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Browser features the site never uses, switched off (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Background tasks (PDF rendering, documenten/taken.py, and e-mail, rapportage/mail.py). The immediate backend runs a
# task at once, in the request: right for the demo and the tests. In production the database
# backend of django-tasks-db stores tasks and `manage.py db_worker` (bin/productie worker) runs them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}

# With a task worker, a save that changes what the plan or an open report shows renders them again
# in the background (documenten.taken.inhoud_gewijzigd). Tasks that run inside the request (the
# demo) would make every save wait for that render, so there a PDF is rendered when downloaded.
PDF_VOORUIT_RENDEREN = env_bool(
    "PDF_VOORUIT_RENDEREN",
    TASKS["default"]["BACKEND"] != "django.tasks.backends.immediate.ImmediateBackend",
)
# The process that renders the PDFs keeps its two layout processes between renders (warm, and
# a changed part is stored while the next request waits): on where that is one task worker, off
# where every web process would keep two (documenten.pdf_parallel).
PDF_WERKERS_BEWAREN = env_bool("PDF_WERKERS_BEWAREN", PDF_VOORUIT_RENDEREN)

# Proxies in front of the app (load balancer, web server) that append to X-Forwarded-For: the
# client's address in the logs is that many hops back. 0: REMOTE_ADDR is the client.
# Logs: one JSON object per line on stderr (actor, action, object, result, origin), for the
# gemeente's log collector; plain text with DEBUG. transformatie.logboek never logs a secret or a
# report's text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "tijd", "levelname": "niveau", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"zonder_geheimen": {"()": "transformatie.logboek.ZonderGeheimen"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["zonder_geheimen"],
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint's progress and font chatter is not operations' business.
        "weasyprint": {"level": "ERROR"},
        # Read by the progress handler of documenten.taken while a PDF renders, never logged.
        "weasyprint.progress": {"propagate": False},
        "fontTools": {"level": "ERROR"},
    },
}

# Signing in: local accounts (Django's login) and, when OIDC_RP_CLIENT_ID is set, the gemeente's
# identity provider over OpenID Connect (mozilla-django-oidc). A new account from the identity
# provider gets no role and no region: it sees nothing until a beheerder grants a role.
# With an identity provider its backend comes first; the password login keeps the lockout.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_AAN = bool(OIDC_RP_CLIENT_ID)
if OIDC_AAN:
    AUTHENTICATION_BACKENDS.insert(0, "regio.oidc.OidcBackend")
    _oidc_verplicht = [
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ]
    _ontbreekt = [naam for naam in _oidc_verplicht if not os.environ.get(naam)]
    if _ontbreekt:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so these must be set too: {', '.join(_ontbreekt)}"
        )
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAAM = os.environ.get("OIDC_PROVIDER_NAAM", "de identity provider van uw gemeente")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?oidc=mislukt"
# Which `amr` values (RFC 8176) or `acr` values in the ID token mean the identity provider already
# asked for a second factor; then the app does not ask for its own.
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", "mfa,otp,hwk,swk,sms,face,fpt,iris")
OIDC_MFA_ACR = env_list("OIDC_MFA_ACR")
# Logging out of the app also ends the session at the identity provider (OpenID Connect
# RP-Initiated Logout) when its end_session_endpoint is given: otherwise, on a shared workplace,
# "Inloggen met ..." would sign the next person in as the previous one without a password.
# The ID token is kept in the session only for this (`id_token_hint`).
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_STORE_ID_TOKEN = bool(OIDC_OP_LOGOUT_ENDPOINT)

# Two-factor sign-in (TOTP, django-otp) for transformatiemanagers and beheerders, unless the
# identity provider asserted a second factor. bin/demo switches it off for the demo accounts.
TWEE_FACTOR_VERPLICHT = env_bool("TWEE_FACTOR_VERPLICHT", True)
OTP_TOTP_ISSUER = "Transformatie-agenda"
# The admin lists authenticator apps (to unlink a lost one) without ever showing their keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# /gezondheid/ reports the task queue as "te_oud" once a task waits longer than this (seconds).
GEZONDHEID_MAX_WACHTTIJD = int(os.environ.get("GEZONDHEID_MAX_WACHTTIJD", "300"))
# Where the accessibility statement sends people who meet a barrier (an e-mail address).
TOEGANKELIJKHEID_CONTACT = os.environ.get("TOEGANKELIJKHEID_CONTACT", "")
