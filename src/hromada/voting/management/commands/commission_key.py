"""Make the commission's key pair offline: `manage.py commission_key --parts 3 --out DIR`
writes `public.pem` (to register on the key page) and one file per part of the private
key (one per member). Run it on a computer that is not the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.voting.sealing import generate_key_pair, split_private_key


class Command(BaseCommand):
    help = "Make the commission's key pair: public.pem and the private key's parts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--parts", type=int, default=1, help="1 to 9 (default 1)")
        parser.add_argument("--out", required=True, help="an empty or new directory")

    def handle(self, *args: Any, **options: Any) -> None:
        parts = options["parts"]
        if not 1 <= parts <= 9:
            raise CommandError("--parts must be from 1 to 9")
        out = Path(options["out"])
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"{out} is not empty: choose a new directory")
        out.mkdir(parents=True, exist_ok=True)
        pair = generate_key_pair()
        (out / "public.pem").write_text(pair.public_key_pem, encoding="utf-8")
        for index, text in enumerate(split_private_key(pair.private_key_pem, parts), start=1):
            path = out / f"private-part-{index}-of-{parts}.txt"
            path.write_text(text, encoding="utf-8")
            path.chmod(0o600)
        self.stdout.write(f"fingerprint {pair.fingerprint}")
        self.stdout.write(f"wrote {out / 'public.pem'} and {parts} part file(s)")
