"""What each account event says: every `AccountEvent.Type` is declared here once, on its
payload (name, label; the stored value is the name in lower case), checked when
`services._event` writes it."""

from django.utils.translation import gettext_lazy as _

from netral.core.events import EventTypes, NoDetails, Payload

ACCOUNT_EVENTS = EventTypes()


@ACCOUNT_EVENTS.declare(MEMBER_INVITED=_("Member invited"))
class Invited(Payload):
    resent: bool = False


@ACCOUNT_EVENTS.declare(
    MEMBER_ADDED=_("Member added"),
    ROLE_CHANGED=_("Role changed"),
    MEMBER_REMOVED=_("Member removed"),
)
class Role(Payload):
    role: str
    previous_role: str = ""


ACCOUNT_EVENTS.add(
    NoDetails,
    USER_DEACTIVATED=_("Account deactivated"),
    USER_REACTIVATED=_("Account reactivated"),
    ORGANISATION_DEACTIVATED=_("Organisation deactivated"),
    ORGANISATION_REACTIVATED=_("Organisation reactivated"),
)


@ACCOUNT_EVENTS.declare(ORGANISATION_RENAMED=_("Organisation renamed"))
class Renamed(Payload):
    name: str
    previous_name: str


ACCOUNT_EVENTS.add(
    NoDetails,
    PASSWORD_CHANGED=_("Password changed"),
    TWO_FACTOR_ENROLLED=_("Two-step verification set up"),
)


@ACCOUNT_EVENTS.declare(BACKUP_CODES_CREATED=_("Backup codes created"))
class BackupCodes(Payload):
    count: int


ACCOUNT_EVENTS.add(NoDetails, TWO_FACTOR_RESET=_("Two-step verification reset"))
