from django.contrib import admin

from netral.registry.models import (
    Agency,
    CandidatePair,
    CivilServant,
    Election,
    ElectionStage,
    Region,
    SocialAccount,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    show_full_result_count = False  # counting 91,599 rows on every page is wasted work


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("code", "name", "kind", "region", "ppk_position")
    list_filter = ("kind",)
    search_fields = ("code", "name", "ppk_name", "ppk_position")
    raw_id_fields = ("region", "parent")


class SocialAccountInline(admin.TabularInline[SocialAccount, CivilServant]):
    model = SocialAccount
    extra = 0


@admin.register(CivilServant)
class CivilServantAdmin(admin.ModelAdmin[CivilServant]):
    list_display = ("name", "nip", "kind", "agency", "position", "status")
    list_filter = ("kind", "status")
    search_fields = ("nip", "name", "agency__code", "agency__name")
    raw_id_fields = ("agency",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    inlines = [SocialAccountInline]
    show_full_result_count = False


@admin.register(SocialAccount)
class SocialAccountAdmin(admin.ModelAdmin[SocialAccount]):
    list_display = ("handle", "platform", "civil_servant", "verified", "declared_at")
    list_filter = ("platform", "verified")
    search_fields = ("handle", "civil_servant__nip", "civil_servant__name")
    raw_id_fields = ("civil_servant",)


class ElectionStageInline(admin.TabularInline[ElectionStage, Election]):
    model = ElectionStage
    extra = 0


class CandidatePairInline(admin.StackedInline[CandidatePair, Election]):
    model = CandidatePair
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin[Election]):
    list_display = ("name", "kind", "region", "voting_day")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    raw_id_fields = ("region",)
    inlines = [ElectionStageInline, CandidatePairInline]
