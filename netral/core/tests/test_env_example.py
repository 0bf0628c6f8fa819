"""`.env.example` documents the settings: every variable in it must be read somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# A variable counts as read when a typed reader or os.environ is called with its name.
READ = (
    r"(?:env_\w+|environ\.get|getenv|environ\.setdefault)\(\s*['\"]{name}['\"]"
    r"|environ\[['\"]{name}['\"]\]"
)


def documented_names() -> list[str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return [line.split("=", 1)[0].strip() for line in lines if re.match(r"^[A-Z][A-Z0-9_]*=", line)]


def settings_sources() -> str:
    files = [*(ROOT / "config").glob("*.py"), *(ROOT / "netral").rglob("*.py")]
    return "\n".join(
        path.read_text(encoding="utf-8") for path in files if "tests" not in path.parts
    )


def test_env_example_lists_variables():
    assert len(documented_names()) > 30


def test_every_variable_in_env_example_is_read():
    sources = settings_sources()
    unread = [name for name in documented_names() if not re.search(READ.format(name=name), sources)]
    assert unread == [], f"documented in .env.example but never read: {unread}"
