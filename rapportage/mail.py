"""E-mail sent by the background worker (Django's tasks framework, settings.TASKS)."""

from django.core.mail import send_mail
from django.tasks import task

from transformatie.logboek import gebeurtenis


@task
def mail_versturen(onderwerp: str, tekst: str, aan: list[str]):
    """Send one e-mail from the worker, so a slow or unreachable mail server never holds up a
    request or a command. Enqueued inside the caller's transaction: with the database backend the
    task exists only if the caller's work was committed."""
    send_mail(onderwerp, tekst, None, aan)
    gebeurtenis("mail versturen", object=f"{len(aan)} ontvanger(s)", result="verstuurd")
