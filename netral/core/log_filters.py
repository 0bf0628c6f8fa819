"""Logs the project configures carry no client address and no user agent (docs/security.md).

Netral itself never logs them; this filter is the second line of defence, for what libraries
log (django-axes names the client of a failed login, Django's request logger may quote a URL
holding one). It rewrites every IPv4 and IPv6 address in a record's message to `[address]`,
and anything that looks like a browser's user agent to `[user agent]`.
"""

import ipaddress
import logging
import re

_IPV4 = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
# Two or more colon-separated hex groups, with "::" allowed: every written form of IPv6.
_IPV6 = r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\w+)?(?![\w:])"
_ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")
_USER_AGENT = re.compile(r"\b(?:Mozilla|Opera|Dalvik|okhttp|curl|Wget|python-requests)/\S*[^\"'}]*")


def _address(match: re.Match[str]) -> str:
    candidate = match.group(0)
    try:
        ipaddress.ip_address(candidate.split("%")[0])
    except ValueError:
        return candidate  # a time of day ("09:41:27") or a version number, not an address
    return "[address]"


def redact(text: str) -> str:
    return _USER_AGENT.sub("[user agent]", _ADDRESS.sub(_address, text))


class RedactClientDetails(logging.Filter):
    """Rewrites the formatted message of every record that passes through the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logged as it is, never dropped
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def axes_client_str(
    username: str, ip_address: str, user_agent: str, path_info: str, request: object
) -> str:
    """How django-axes names a client in its log lines: user name and path, never the address
    or the browser (those stay in axes' own tables, for staff logins only)."""
    return f'{{username: "{username}", path_info: "{path_info}"}}'
