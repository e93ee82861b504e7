from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.accounts.enums import ROLE_SCOPE
from hromada.accounts.models import Department
from hromada.accounts.selectors import user_by_email
from hromada.accounts.services import grant_role


class Command(BaseCommand):
    help = (
        "Grant a staff role to an existing account (e.g. the first administrator, who then "
        "manages roles at /staff/team/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("role", choices=sorted(ROLE_SCOPE))
        parser.add_argument("--department", help="department code (reviewers, officers)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_email(options["email"])
        if user is None:
            raise CommandError(f"There is no account with the e-mail address {options['email']}.")
        department = None
        if options["department"]:
            department = Department.objects.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(f"There is no department with the code {options['department']}.")
        try:
            grant_role(actor=None, user=user, role=options["role"], department=department)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{user.email}: {options['role']} granted")
