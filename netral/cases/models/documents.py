"""Letters the workflow sends: editable templates and the documents generated from them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import AppendOnlyEvent


class DocumentTemplate(models.Model):
    """The Django template text of one kind of letter; administrators edit it, defaults are seeded.

    Templates receive plain values only (no model objects), so that an edited template cannot
    reach data the letter should not show.
    """

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("template text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.title


class DocumentTemplateEvent(AppendOnlyEvent):
    """Every change to a letter template: who, when, and the SHA-256 of the text before and
    after. Written only by `services.documents.update_template`, whatever page it came from."""

    class Type(models.TextChoices):
        CREATED = "created", _("Letter template created")
        CHANGED = "changed", _("Letter template changed")

    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("letter template event")
        verbose_name_plural = _("letter template events")


class Document(models.Model):
    """A generated letter as it was at generation: the HTML is kept, with its SHA-256."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    template_key = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    html = models.TextField()
    sha256 = models.CharField(max_length=64)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["generated_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
