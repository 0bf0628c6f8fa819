"""Every admin write goes through a service: no Netral ModelAdmin saves or deletes a model raw.

The admins of the libraries (auth groups, OTP devices, login attempts) are theirs to keep.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin, ModelAdmin
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def _overrides(model_admin, name: str) -> bool:
    return getattr(type(model_admin), name) is not getattr(ModelAdmin, name)


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_that_may_write_calls_a_service(admin):
    request = _request_for(admin)
    raw = []
    for model, model_admin in admin_site_items():
        label = model._meta.label
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(
            request
        )
        if writes and not _overrides(model_admin, "save_model"):
            raw.append(f"{label}: save_model")
        if model_admin.has_delete_permission(request) and not (
            _overrides(model_admin, "delete_model") and _overrides(model_admin, "delete_queryset")
        ):
            raw.append(f"{label}: delete_model/delete_queryset")
        for inline in model_admin.get_inline_instances(request):
            if inline.has_add_permission(request, None) or inline.has_change_permission(request):
                raw.append(f"{label}: inline {inline.model._meta.label} writes raw")
    assert raw == [], "\n".join(raw)


def admin_site_items():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("netral.") and not isinstance(model_admin, InlineModelAdmin)
    ]
