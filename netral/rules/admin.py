"""Administrators keep the holiday table; the catalogue is versioned data, not edited here."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from netral.rules import services
from netral.rules.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin[Holiday]):
    list_display = ("date", "name", "kind", "confidence", "is_active", "source")
    list_filter = ("kind", "confidence", "is_active", ("date", admin.DateFieldListFilter))
    search_fields = ("name", "source", "note")
    date_hierarchy = "date"
    actions = ["mark_verified"]

    def save_model(self, request: HttpRequest, obj: Holiday, form: Any, change: bool) -> None:
        services.save_holiday(holiday=obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Holiday) -> None:
        services.delete_holiday(holiday=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        for holiday in queryset:
            services.delete_holiday(holiday=holiday, by=request.user)

    @admin.action(description=_("Mark as verified against the signed decree"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        count = services.mark_holidays_verified(holidays=list(queryset), by=request.user)
        self.message_user(request, _("%(count)d holidays marked verified.") % {"count": count})
