"""The Django admin, for platform administrators only, and the accounts models in it.

`admin.site` itself is narrowed here (its class is swapped for `NetralAdminSite`), so every
app's admin registrations get the same gate without changing `config/urls.py`.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netral.accounts import policies, services
from netral.accounts.models import AccountEvent, Membership, Organisation, User

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


class NetralAdminSite(admin.AdminSite):
    """Admits platform admins only, and in production only after their second step."""

    site_header = _("Netral administration")
    site_title = _("Netral administration")
    index_title = _("Platform administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        verified = policies.session_is_verified(user)
        return policies.can_use_admin_site(
            user,
            verified=verified,
            require_verified=getattr(settings, "NETRAL_REQUIRE_2FA", True),
        )

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # Signed in but not a platform admin: a plain 403, not a detour to a login form.
            logout = reverse("admin:logout", current_app=self.name)
            signed_in = request.user.is_authenticated
            if signed_in and request.path != logout and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return cast(_View, guarded)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        # One sign-in for the whole site, with its throttling and second step; a signed-in
        # person who is not a platform admin gets a plain "forbidden" instead of a login loop.
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(reverse("accounts:login") + "?" + urlencode({"next": next_url}))


admin.site.__class__ = NetralAdminSite


def _platform_admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the admin site has already refused anyone else
        raise PermissionDenied
    return user


class PlatformAdminOnly:
    """Model admin permissions follow the platform-admin policy, not Django's permission rows."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.is_platform_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.is_platform_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.is_platform_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.is_platform_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.is_platform_admin(request.user)


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "created_at"]
    readonly_fields = ["organisation", "role", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # shown for reference; memberships change on the organisation's page


def _apply(
    request: HttpRequest, queryset: QuerySet[Any], change: Any, field: str, done: str
) -> None:
    count = 0
    for obj in queryset:
        try:
            change(**{field: obj, "by": _platform_admin(request)})
            count += 1
        except ValidationError as error:
            messages.error(request, f"{obj}: {' '.join(error.messages)}")
    if count:
        messages.success(request, done % {"count": count})


@admin.register(User)
class UserAdmin(PlatformAdminOnly, DjangoUserAdmin[User]):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "last_login"]
    list_filter = [
        "is_active",
        "is_superuser",
        "memberships__organisation__kind",
        "memberships__role",
    ]
    search_fields = ["username", "full_name", "email", "memberships__organisation__name"]
    ordering = ["username"]
    # Access flags change only through audited paths: actions below, memberships, the
    # createsuperuser command.
    readonly_fields = ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    inlines = [MembershipInline]
    actions = ["deactivate", "reactivate"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # staff join by invitation on their organisation's page (or createsuperuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # events point at people: deactivate the account instead

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        services.update_contact(
            user=obj,
            full_name=form.cleaned_data.get("full_name", obj.full_name),
            email=form.cleaned_data.get("email", obj.email),
            by=_platform_admin(request),
        )

    @admin.action(description=_("Deactivate the selected accounts"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _apply(
            request, queryset, services.deactivate_user, "user", str(_("%(count)d deactivated."))
        )

    @admin.action(description=_("Reactivate the selected accounts"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _apply(
            request, queryset, services.reactivate_user, "user", str(_("%(count)d reactivated."))
        )


@admin.register(Organisation)
class OrganisationAdmin(PlatformAdminOnly, admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active", "region__level"]
    search_fields = ["name", "region__code", "region__name"]
    raw_id_fields = ["region"]
    readonly_fields = ["is_active", "public_id"]
    actions = ["deactivate", "reactivate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Kind and region fix the jurisdiction: a body with another one is a new organisation.
        extra = ["kind", "region"] if obj is not None else []
        return [*self.readonly_fields, *extra]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if change:
            services.rename_organisation(
                organisation=obj, name=obj.name, by=_platform_admin(request)
            )
        else:
            created = services.create_organisation(
                name=obj.name, kind=obj.kind, region_code=obj.region.code if obj.region else None
            )
            obj.pk = created.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # organisations are switched off, never deleted: their history stays

    @admin.action(description=_("Deactivate the selected organisations"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _apply(
            request,
            queryset,
            services.deactivate_organisation,
            "organisation",
            str(_("%(count)d deactivated.")),
        )

    @admin.action(description=_("Reactivate the selected organisations"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _apply(
            request,
            queryset,
            services.reactivate_organisation,
            "organisation",
            str(_("%(count)d reactivated.")),
        )


@admin.register(Membership)
class MembershipAdmin(PlatformAdminOnly, admin.ModelAdmin[Membership]):
    """Read-only here: members are invited, changed and removed on the organisation's page,
    where the rules (such as keeping one administrator) are checked and the change recorded."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__full_name", "user__email", "organisation__name"]
    readonly_fields = ["user", "organisation", "role", "public_id", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(PlatformAdminOnly, admin.ModelAdmin[AccountEvent]):
    list_display = ["created_at", "type", "actor", "subject", "organisation"]
    list_filter = ["type"]
    search_fields = ["subject__username", "actor__username", "organisation__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit trail is append-only
