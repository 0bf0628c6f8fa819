"""What each account event says: one declared payload per `AccountEvent.Type`, checked when
`services._event` writes it."""

from netral.accounts.models import AccountEvent
from netral.core.events import EventTypes, NoDetails, Payload

T = AccountEvent.Type


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
    {
        T.MEMBER_INVITED: Invited,
        T.MEMBER_ADDED: Role,
        T.ROLE_CHANGED: Role,
        T.MEMBER_REMOVED: Role,
        T.USER_DEACTIVATED: NoDetails,
        T.USER_REACTIVATED: NoDetails,
        T.ORGANISATION_DEACTIVATED: NoDetails,
        T.ORGANISATION_REACTIVATED: NoDetails,
        T.ORGANISATION_RENAMED: Renamed,
        T.PASSWORD_CHANGED: NoDetails,
        T.TWO_FACTOR_ENROLLED: NoDetails,
        T.BACKUP_CODES_CREATED: BackupCodes,
        T.TWO_FACTOR_RESET: NoDetails,
    }
)
