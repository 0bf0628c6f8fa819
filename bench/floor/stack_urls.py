"""The URL map of `stack_app`: the floor's endpoints, the report through django-ninja."""

import json
import uuid

from django.contrib import admin
from django.db import connection
from django.http import HttpRequest
from django.urls import path
from floor_app import healthz, tiny
from ninja import Form, NinjaAPI, Schema

api = NinjaAPI(title="stack floor", urls_namespace="stack")


class ReportIn(Schema):
    """The fields the load generator sends (`bench/intake/loadgen.py`)."""

    track: str
    subject_name: str = ""
    subject_agency: str = ""
    incident_date: str = ""
    region: str = ""
    election_kind: str = ""
    category: str = ""
    description: str
    links: str = ""


@api.post("/reports/", response={201: dict})
def submit(request: HttpRequest, data: Form[ReportIn]) -> tuple[int, dict]:
    receipt = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_floor_report (receipt, fields) VALUES (%s, %s)",
            [receipt, json.dumps(data.dict())],
        )
    return 201, {"receipt": str(receipt)}


urlpatterns = [
    path("api/", api.urls),
    path("tiny", tiny),
    path("healthz", healthz),
    path("admin/", admin.site.urls),
]
