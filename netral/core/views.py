"""The public landing page, the staff home, the health check and the timeline digests."""

import logging
import sys
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views import defaults
from django_otp import user_has_device

from netral.core import api, policies
from netral.core.dberrors import DATABASE_UNAVAILABLE
from netral.core.models import TimelineDigest

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500, except for a request whose own database connection was cut or refused
    (wherever it failed: middleware, view, template): 503 with "try again", not a crash page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        logger.error("Request %s lost its database connection", request.path, exc_info=True)
        return api.unavailable(request)
    return defaults.server_error(request)


def home(request: HttpRequest) -> HttpResponse:
    """What Netral is, in plain words, and the three things a citizen comes to do."""
    return render(request, "core/home.html")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The signed-in officer's organisations, roles, jurisdiction and work areas."""
    user = request.user
    if not user.is_authenticated:  # login_required has already sent visitors away
        raise PermissionDenied
    context = {
        "memberships": user.active_memberships().order_by("organisation__name"),
        "two_factor_on": user_has_device(user),
    }
    return render(request, "core/staff_home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _digest_for(request: HttpRequest, public_id: uuid.UUID) -> TimelineDigest:
    return get_object_or_404(policies.visible_digests(request.user), public_id=public_id)


@login_required
def timeline_digests(request: HttpRequest) -> HttpResponse:
    """The published digests of every timeline, newest first, to download or print."""
    if not policies.can_read_digests(request.user):
        raise PermissionDenied
    digests = policies.visible_digests(request.user)[:100]
    return render(request, "core/timeline_digests.html", {"digests": digests})


@login_required
def timeline_digest_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The digest file that `netral verify-timeline --against` reads."""
    digest = _digest_for(request, public_id)
    response = JsonResponse(digest.as_file())
    name = f"netral-digest-{digest.published_at:%Y%m%dT%H%M%S}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def timeline_digest_print(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One page an auditor prints and keeps: root, signature, public key, what it covers."""
    digest = _digest_for(request, public_id)
    counts = [(name, timelines, events) for name, (timelines, events) in digest.counts().items()]
    return render(
        request, "core/timeline_digest_print.html", {"digest": digest, "counts": sorted(counts)}
    )
