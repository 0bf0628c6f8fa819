"""The announcements as an Atom feed, for the media and the public."""

from typing import Any

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from netral.transparency import policies
from netral.transparency.models import Announcement


class AnnouncementFeed(Feed[Announcement, Any]):
    feed_type = Atom1Feed
    title = _("Netral announcements")
    subtitle = _(
        "Public information from Bawaslu, BKN and the agencies on civil-servant neutrality."
    )
    link = reverse_lazy("transparency:announcements")

    def items(self) -> Any:
        return policies.visible_announcements()[:50]

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return item.body

    def item_link(self, item: Announcement) -> str:
        return reverse("transparency:announcement", args=[item.public_id])

    def item_pubdate(self, item: Announcement) -> Any:
        return item.published_at

    def item_author_name(self, item: Announcement) -> str:
        return item.organisation.name
