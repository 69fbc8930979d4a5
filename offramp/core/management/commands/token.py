from django.core.management.base import BaseCommand, CommandError

from offramp.core.access import actor_for
from offramp.core.models import Organization, User
from offramp.core.services import api_token_create


class Command(BaseCommand):
    help = "API tokens. `offramp token create --user EMAIL [--organization SLUG] [--name NAME]` prints a new token once."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("--user", required=True, help="the staff member's e-mail")
        parser.add_argument("--organization", help="organisation slug (default: the user's first)")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, action, user, organization, name, **options):
        account = User.objects.filter(email__iexact=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active staff user with the e-mail {user!r}.")
        org_id = None
        if organization:
            org = Organization.objects.filter(slug=organization).first()
            if org is None:
                raise CommandError(f"No organisation with the short name {organization!r}.")
            org_id = org.pk
        actor = actor_for(account, org_id)
        if actor is None or (org_id and actor.organization.pk != org_id):
            raise CommandError("That user is not a member of that organisation.")
        token, secret = api_token_create(actor=actor, name=name)
        self.stdout.write(f"Token for {account.email} in {actor.organization.name} (shown once, keep it secret):")
        self.stdout.write(secret)
