from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hromada.core.activity_chain import link_pending_entries, verify_chain


class Command(BaseCommand):
    help = "Link pending audit-trail rows, then verify the whole hash chain."

    def handle(self, *args: Any, **options: Any) -> None:
        link_pending_entries()
        report = verify_chain()
        if not report.is_intact:
            raise CommandError(str(report))
        self.stdout.write(str(report))
