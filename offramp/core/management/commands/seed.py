"""`offramp seed --scale demo` loads the demo; `offramp seed --scale N` a synthetic data set of ~N cases."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load demo data (--scale demo) or a synthetic data set with about N cases (--scale N)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="demo", help="'demo', or a number of cases")
        parser.add_argument("--notes-per-case", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable data")

    def handle(self, *args, scale, notes_per_case, seed, **options):
        if scale == "demo":
            from offramp.core.demo.demo import PartialDemo, load_demo

            try:
                logins = load_demo(seed=seed, out=self.stdout)
            except PartialDemo as partial:
                raise CommandError(str(partial)) from None
            except Exception:
                # Each service committed on its own: what was loaded so far stays, and the next run refuses it.
                self.stderr.write("The demo stopped part way. Start again from an empty database "
                                  "(`offramp migrate`, then `offramp seed --scale demo`).")
                raise
            self.stdout.write(self.style.SUCCESS("\nDemo loaded. Sign in at http://127.0.0.1:8000 with:"))
            for email, roles in logins:
                self.stdout.write(f"  {email:40} {roles}")
            from offramp.core.demo.demo import DEMO_PASSWORD

            self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
            self.stdout.write("Demo mode lets these accounts skip the second factor (a banner says so).")
            return
        try:
            cases = int(scale)
        except ValueError:
            raise CommandError("--scale takes 'demo' or a whole number of cases.") from None
        if cases < 1:
            raise CommandError("--scale must be at least 1.")
        from offramp.core.demo.scale import load_scale

        load_scale(cases=cases, notes_per_case=notes_per_case, seed=seed, out=self.stdout)
