"""Plain-language categories of what happened, and the catalogue act each one stands for.

The reporter chooses what they saw; the catalogue act (and through it the legal basis and the
sanction) is for staff and the rules app to work out. The act codes are those of the rules
catalogue; "other" leaves the choice to the handlers.
"""

from django.utils.translation import gettext_lazy as _

from netral.reports.models import Category

ACT_FOR_CATEGORY: dict[str, str] = {
    Category.SOCIAL_MEDIA_SUPPORT: "social_media_support",
    Category.PHOTO_WITH_GESTURE: "photo_with_gesture",
    Category.BANNER: "banner",
    Category.ATTEND_DECLARATION: "attend_declaration",
    Category.STATE_FACILITIES: "state_facilities",
    Category.MOBILISE_CIVIL_SERVANTS: "mobilise_civil_servants",
    Category.FAVOURING_DECISION: "favouring_decision",
    Category.PARTY_MEMBERSHIP: "party_membership",
    Category.OTHER: "other",
}

# One example per category, shown under the choice so a reporter recognises what they saw.
EXAMPLES = {
    Category.SOCIAL_MEDIA_SUPPORT: _(
        "For example: a teacher shares a candidate's campaign poster in a WhatsApp group or "
        "likes a campaign post on Facebook."
    ),
    Category.PHOTO_WITH_GESTURE: _(
        "For example: a village head poses with two fingers raised, the candidate's ballot number."
    ),
    Category.BANNER: _("For example: a banner for a candidate hung on an office fence."),
    Category.ATTEND_DECLARATION: _(
        "For example: a head of office on stage at a candidate's declaration."
    ),
    Category.STATE_FACILITIES: _(
        "For example: an official car with a red number plate used to carry campaign materials."
    ),
    Category.MOBILISE_CIVIL_SERVANTS: _(
        "For example: staff told to attend a campaign event or to vote for a candidate."
    ),
    Category.FAVOURING_DECISION: _(
        "For example: aid distributed only to villages that support one candidate."
    ),
    Category.PARTY_MEMBERSHIP: _("For example: a civil servant holding a party membership card."),
    Category.OTHER: _("Anything else that shows a civil servant taking sides."),
}


def act_for(category: str) -> str:
    """The catalogue act code for a category; unknown categories are handled as "other"."""
    return ACT_FOR_CATEGORY.get(category, "other")
