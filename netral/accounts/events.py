"""What each account event says: every `AccountEvent.Type` is declared here once
(value, label, payload), checked when `services._event` writes it."""

from django.utils.translation import gettext_lazy as _

from netral.core.events import EventTypes, NoDetails, Payload


class Role(Payload):
    role: str
    previous_role: str = ""


class Invited(Payload):
    resent: bool = False


class Renamed(Payload):
    name: str
    previous_name: str


class BackupCodes(Payload):
    count: int


ACCOUNT_EVENTS = EventTypes(
    MEMBER_INVITED=("member_invited", _("Member invited"), Invited),
    MEMBER_ADDED=("member_added", _("Member added"), Role),
    ROLE_CHANGED=("role_changed", _("Role changed"), Role),
    MEMBER_REMOVED=("member_removed", _("Member removed"), Role),
    USER_DEACTIVATED=("user_deactivated", _("Account deactivated"), NoDetails),
    USER_REACTIVATED=("user_reactivated", _("Account reactivated"), NoDetails),
    ORGANISATION_DEACTIVATED=("organisation_deactivated", _("Organisation deactivated"), NoDetails),
    ORGANISATION_REACTIVATED=("organisation_reactivated", _("Organisation reactivated"), NoDetails),
    ORGANISATION_RENAMED=("organisation_renamed", _("Organisation renamed"), Renamed),
    PASSWORD_CHANGED=("password_changed", _("Password changed"), NoDetails),
    TWO_FACTOR_ENROLLED=("two_factor_enrolled", _("Two-step verification set up"), NoDetails),
    BACKUP_CODES_CREATED=("backup_codes_created", _("Backup codes created"), BackupCodes),
    TWO_FACTOR_RESET=("two_factor_reset", _("Two-step verification reset"), NoDetails),
)
