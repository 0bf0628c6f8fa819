"""Background entry points: they load ids and call a service or send mail, nothing more."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from netral.cases import services
from netral.cases.models import Notification


@task()
def sweep_deadlines() -> int:
    """Runs the deadline sweep at the current time (see `netral sweep-deadlines`)."""
    return services.mark_overdue_steps(now=timezone.now())


@task()
def send_notification_emails(public_ids: list[str]) -> int:
    """E-mails each notice to its person, in Bahasa Indonesia, with a link to the case."""
    sent = 0
    base_url = getattr(settings, "NETRAL_SITE_URL", "").rstrip("/")
    notices = Notification.objects.filter(public_id__in=public_ids).select_related("user", "case")
    for notice in notices:
        if not notice.user.email:
            continue
        with override(settings.LANGUAGE_CODE):
            link = (
                base_url + reverse("cases:detail", args=[notice.case.code]) if notice.case else ""
            )
            body = notice.message + ("\n\n" + link if link else "")
            body += "\n\n" + _("This message was sent by Netral. Do not reply to it.")
            sent += send_mail("[Netral] " + notice.message[:120], body, None, [notice.user.email])
    return sent


@task()
def email_reporter_progress(case_code: str) -> bool:
    """Tells the formal reporter by e-mail which stage their case has reached (once per stage)."""
    return services.email_reporter_progress(case_code=case_code, now=timezone.now())
