from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DemoContext, demo_logins_save


class Command(BaseCommand):
    help = "Load the demo street (祖庙街道) with one demo user per role. Safe to run again."

    def handle(self, *args, **options):
        context = DemoContext()
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name == module_name:
                    continue
                raise
            if not hasattr(module, "seed_demo"):
                continue
            with transaction.atomic():
                module.seed_demo(context)
            self.stdout.write(f"  seeded {app_config.label}")
        demo_logins_save(context.credentials)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins:"))
        width = max((len(role) for role, _, _ in context.credentials), default=10)
        for role, login, password in context.credentials:
            self.stdout.write(f"  {role.ljust(width)}  {login:<24} {password}")
