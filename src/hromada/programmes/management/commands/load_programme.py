from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.programmes.services import ProgrammeFileError, load_programme_file


class Command(BaseCommand):
    help = (
        "Load a council programme from its YAML file (e.g. "
        "src/hromada/programmes/data/zdolbuniv-2024.yaml). The whole file is checked first; "
        "loading it again changes nothing, and measures that exist are never overwritten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the programme file (YAML)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_programme_file(options["file"])
        except ProgrammeFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Programme {summary}.")
