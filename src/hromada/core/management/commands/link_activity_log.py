from typing import Any

from django.core.management.base import BaseCommand

from hromada.core.activity_chain import link_pending_entries


class Command(BaseCommand):
    help = "Link audit-trail rows that are not yet in the hash chain (the sequencer)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"linked {link_pending_entries()} entries")
