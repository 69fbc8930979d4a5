from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = ("Rebuild every person's blind-index rows (names, phone numbers, e-mail addresses) from their current "
            "details. Run once after an upgrade that adds index terms (such as the loose name terms that find "
            "misspelt names); harmless to repeat. Values are decrypted in memory only.")

    def handle(self, *args, **options):
        from offramp.people.models import Person
        from offramp.people.services import _reindex

        count = 0
        people = Person.objects.select_related("organization").prefetch_related("contact_methods").order_by("pk")
        for person in people.iterator(chunk_size=500):
            with transaction.atomic():
                _reindex(person)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Reindexed {count} people."))
