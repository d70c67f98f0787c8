"""Demo data for `manage.py seed_demo`: each app may ship a `demo.py` with `seed_demo(context)`.

Apps are seeded in INSTALLED_APPS order, so a later app finds what an earlier one made in
`context.data` (e.g. the communities a volunteers' demo attaches teams to).
"""

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
