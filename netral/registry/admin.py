"""Admin of the reference data. Every write goes through the registry's services.

Agencies are created and edited through `upsert_agencies`, the path of the import files: it checks
the kind, region and parent the same way, and keeps `search_name` in step with the name, so
reports still match a renamed agency. Regions, civil servants, their accounts and elections are
loaded from files (`netral load-regions`, `import-civil-servants`, `load-election`); the admin
shows them and does not edit them, since no service takes a single hand edit.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from netral.registry import services
from netral.registry.models import (
    Agency,
    CandidatePair,
    CivilServant,
    Election,
    ElectionStage,
    Region,
    SocialAccount,
)


class ReadOnlyAdmin[M: models.Model](admin.ModelAdmin[M]):
    """Shows loaded data; changing it is the job of the loading commands."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline[M: models.Model, P: models.Model](admin.TabularInline[M, P]):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin[Region]):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    show_full_result_count = False  # counting 91,599 rows on every page is wasted work


class AgencyForm(forms.ModelForm[Agency]):
    """Checked by the import's own rules (dry run) before anything is written."""

    class Meta:
        model = Agency
        fields = ("code", "name", "kind", "region", "parent", "ppk_name", "ppk_position")

    def as_row(self) -> dict[str, str]:
        data = self.cleaned_data
        region, parent = data.get("region"), data.get("parent")
        return {
            "code": data.get("code") or self.instance.code,
            "name": data.get("name", ""),
            "kind": data.get("kind", ""),
            "region_code": region.code if region else "",
            "parent_code": parent.code if parent else "",
            "ppk_name": data.get("ppk_name", ""),
            "ppk_position": data.get("ppk_position", ""),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            result = services.upsert_agencies(rows=[self.as_row()], dry_run=True)
            for problem in result.problems:
                self.add_error(None, f"{problem.column}: {problem.message}")
        return cleaned


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    form = AgencyForm
    list_display = ("code", "name", "kind", "region", "ppk_position")
    list_filter = ("kind",)
    search_fields = ("code", "name", "ppk_name", "ppk_position")
    raw_id_fields = ("region", "parent")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj else ()  # the code is how files and other apps find the agency

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        row = form.as_row()
        services.upsert_agencies(rows=[row])
        # The admin logs the change and redirects with the object: give it the stored row's id.
        obj.pk = Agency.objects.values_list("pk", flat=True).get(code=row["code"])

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cases and civil servants point at agencies; no service removes one


class SocialAccountInline(ReadOnlyInline[SocialAccount, CivilServant]):
    model = SocialAccount


@admin.register(CivilServant)
class CivilServantAdmin(ReadOnlyAdmin[CivilServant]):
    list_display = ("name", "nip", "kind", "agency", "position", "status")
    list_filter = ("kind", "status")
    search_fields = ("nip", "name", "agency__code", "agency__name")
    raw_id_fields = ("agency",)
    inlines = [SocialAccountInline]
    show_full_result_count = False


@admin.register(SocialAccount)
class SocialAccountAdmin(ReadOnlyAdmin[SocialAccount]):
    list_display = ("handle", "platform", "civil_servant", "verified", "declared_at")
    list_filter = ("platform", "verified")
    search_fields = ("handle", "civil_servant__nip", "civil_servant__name")
    raw_id_fields = ("civil_servant",)


class ElectionStageInline(ReadOnlyInline[ElectionStage, Election]):
    model = ElectionStage


class CandidatePairInline(ReadOnlyInline[CandidatePair, Election]):
    model = CandidatePair


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin[Election]):
    list_display = ("name", "kind", "region", "voting_day")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    raw_id_fields = ("region",)
    inlines = [ElectionStageInline, CandidatePairInline]
