"""Deployment checks of our own, beside Django's (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def e_mail_wordt_verstuurd(app_configs, **kwargs):
    """Password reset and reminders go by e-mail: in production a backend that only prints
    mail would leave people locked out without a word."""
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    if backend.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")):
        return [
            Warning(
                f"EMAIL_BACKEND is {backend}: e-mail (password reset, reminders) is not sent.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the "
                "EMAIL_HOST* variables (README, Configuration).",
                id="regio.W001",
            )
        ]
    return []
