from django.core.management.base import BaseCommand, CommandError

from offramp.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. `offramp audit verify` recomputes the hash chain and names the first broken event."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"Audit trail broken at event {result.first_broken_id}: {result.problem} "
                f"({result.checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {result.checked} events verified."))
