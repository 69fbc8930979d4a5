from django.core.management.base import BaseCommand

from offramp.core.keys import rotate_keys


class Command(BaseCommand):
    help = (
        "Rotate encryption keys: a new data key for every organisation, every encrypted field re-encrypted "
        "with it, and every organisation key re-wrapped with the current master key (OFFRAMP_MASTER_KEY; "
        "put the previous one in OFFRAMP_OLD_MASTER_KEYS while rotating)."
    )

    def handle(self, *args, **options):
        report = rotate_keys(progress=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS(
            f"Rotated keys for {report['organizations']} organisations; re-encrypted {report['values']} values."
        ))
