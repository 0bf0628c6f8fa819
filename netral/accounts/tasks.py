"""Background entry points of the accounts app: they load ids and send mail, nothing more."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from netral.accounts.models import Organisation, User


def password_link(user: User, site_url: str) -> str:
    """The one-time link where the owner of this account sets its password."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_url.rstrip("/") + path


@task()
def send_invitation(
    *, user_id: int, organisation_id: int, site_url: str, language: str = ""
) -> None:
    """E-mails a newly invited member the link to set their password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None or not user.email:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "organisation": organisation,
            "link": password_link(user, site_url),
            "site_url": site_url.rstrip("/"),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
