"""Admin for what platform administrators manage: letter templates and partner tokens.

Cases themselves are not here: platform administrators do not read cases, and every change to a
case goes through the services with its event.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases import services
from netral.cases.models import ApiToken, DocumentTemplate


class DocumentTemplateForm(forms.ModelForm[DocumentTemplate]):
    """Checks the text before saving, so a broken template comes back on the form with what
    was typed, instead of a success message over an unsaved change."""

    class Meta:
        model = DocumentTemplate
        fields = ["title", "body"]

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        services.check_template_body(body)
        return body


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin[DocumentTemplate]):
    form = DocumentTemplateForm
    list_display = ["title", "key", "updated_at", "updated_by"]
    readonly_fields = ["key", "updated_at", "updated_by"]
    fields = ["key", "title", "body", "updated_at", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the letters are fixed by the workflow; their texts are edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool
    ) -> None:
        try:
            services.update_template(
                key=obj.key, title=obj.title, body=obj.body, by=request.user, now=timezone.now()
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = [
        "name",
        "organisation",
        "prefix",
        "scopes",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["organisation"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued by the organisation's supervisor, shown once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a token is never edited; the revoke action below ends it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay, so the events they signed keep their author

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_api_token(token=token, by=None, now=timezone.now())
