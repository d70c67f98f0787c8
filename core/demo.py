"""Demo data for `manage.py seed_demo`: each app may ship a `demo.py` with `seed_demo(context)`.

Apps are seeded in INSTALLED_APPS order, so a later app finds what an earlier one made in
`context.data` (e.g. the communities a volunteers' demo attaches teams to).
"""

import json
from dataclasses import dataclass, field

DEMO_PASSWORD = "Gongzhi@2026"


@dataclass
class DemoContext:
    data: dict = field(default_factory=dict)
    # (role, login, password) rows printed at the end
    credentials: list[tuple[str, str, str]] = field(default_factory=list)

    def add_login(self, role: str, login: str, password: str = DEMO_PASSWORD) -> None:
        if (role, login, password) not in self.credentials:
            self.credentials.append((role, login, password))


def demo_logins_path():
    from django.conf import settings

    return settings.VAR_DIR / "demo-logins.json"


def demo_logins_save(credentials: list[tuple[str, str, str]]) -> None:
    """Keep the log-ins `seed_demo` made, for `make run`'s closing lines and the demo home page."""
    path = demo_logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(credentials, ensure_ascii=False, indent=1), encoding="utf-8")


def demo_logins() -> list[tuple[str, str, str]]:
    """The demo log-ins (role, login, password) as last seeded; none before `seed_demo`."""
    try:
        rows = json.loads(demo_logins_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [tuple(row) for row in rows if isinstance(row, list) and len(row) == 3]
