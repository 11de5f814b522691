import os

from django.core.management.base import BaseCommand

from blog.demo import ensure_demo_staff

# Documented demo defaults (README); override with the environment variables for anything shared.
DEFAULT_MODERATOR_PASSWORD = "pitlane-moderator"
DEFAULT_ADMIN_PASSWORD = "pitlane-admin"


class Command(BaseCommand):
    help = "Create the 'moderators' group, a 'moderator' user in it and an 'admin' superuser. Idempotent."

    def handle(self, *args, **options):
        accounts = ensure_demo_staff(
            os.environ.get("PITLANE_MODERATOR_PASSWORD", DEFAULT_MODERATOR_PASSWORD),
            os.environ.get("PITLANE_ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD),
        )
        for account in accounts:
            self.stdout.write(f"  {account.username:<10} password: {account.password:<20} ({account.role})")
