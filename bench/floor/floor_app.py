"""The floor the intake benchmark measures Netral against: a minimal Django app on the same
server settings that parses the same multipart body, hashes any file, and does one INSERT.

Run by bench/intake/run.py with DJANGO_SETTINGS_MODULE=floor_app (this file is both the settings
and the URL map). No middleware, no templates, no ORM models: what any Django intake must pay.
"""

import hashlib
import json
import os
import uuid

import dj_database_url
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

SECRET_KEY = "floor-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "floor_app"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
USE_TZ = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
CREATE = (
    "CREATE TABLE IF NOT EXISTS bench_floor_report (id bigserial PRIMARY KEY, "
    "receipt uuid NOT NULL, fields jsonb NOT NULL, file_sha256 text NOT NULL DEFAULT '', "
    "received_at timestamptz NOT NULL DEFAULT now())"
)


@csrf_exempt
def submit(request: HttpRequest) -> HttpResponse:
    fields = {key: request.POST.get(key, "") for key in request.POST}
    digest = ""
    for upload in request.FILES.getlist("evidence"):
        hasher = hashlib.sha256()
        for chunk in upload.chunks():
            hasher.update(chunk)
        digest = hasher.hexdigest()
    receipt = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_floor_report (receipt, fields, file_sha256) VALUES (%s, %s, %s)",
            [receipt, json.dumps(fields), digest],
        )
    return JsonResponse({"receipt": str(receipt)}, status=201)


def tiny(request: HttpRequest) -> HttpResponse:
    """The tiny-page floor: one indexed row read and a small HTML answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT receipt FROM bench_floor_report ORDER BY id DESC LIMIT 1")
        cursor.fetchone()
    return HttpResponse("<!doctype html><title>floor</title><p>ok</p>")


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(CREATE)
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("api/reports/", submit),
    path("tiny", tiny),
    path("healthz", healthz),
]
