"""`offramp bench`: server time and queries of the busiest pages, at the data set in the database."""

import json
import platform
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.core import crypto
from offramp.core.auth import SESSION_MFA_KEY
from offramp.core.demo import registry
from offramp.core.middleware import SESSION_ORG_KEY
from offramp.core.models import Organization, Role


class _CryptoClock:
    seconds = 0.0


@contextmanager
def _crypto_timer():
    """Time spent encrypting, decrypting and blind-indexing, to report its share of server time."""
    clock = _CryptoClock()
    originals = {name: getattr(crypto, name) for name in ("encrypt", "decrypt", "blind_index")}

    def timed(function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                clock.seconds += time.perf_counter() - started
        return wrapper

    for name, function in originals.items():
        setattr(crypto, name, timed(function))
    try:
        yield clock
    finally:
        for name, function in originals.items():
            setattr(crypto, name, function)


# Core's own rows: the floor (the same middleware, no data) and the home page. Apps add theirs
# (offramp.core.demo.registry.register_bench) from their AppConfig.ready().
CORE_ROWS = [
    registry.BenchRow("floor (health page, same middleware)", Role.SUPERVISOR,
                      lambda ctx: registry.get(reverse("healthz")), order=0),
    registry.BenchRow("work queue (case manager)", Role.CASE_MANAGER,
                      lambda ctx: registry.get(reverse("work_queue")), order=10),
]


class Command(BaseCommand):
    help = "Measure p50/p95 server time and query counts of key pages against the current database."

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="organisation slug (default: the one with most cases)")
        parser.add_argument("--requests", type=int, default=60, help="timed requests per endpoint")
        parser.add_argument("--output", help="JSON file (default var/bench-<database>.json)")

    def handle(self, *args: object, organization: str | None, requests: int, output: str | None,
               **options: object) -> None:
        org = self._organization(organization)
        context = registry.BenchContext(org)
        clients: dict[str, Client] = {}
        planned = []  # every request built before any is timed, so a missing persona or case stops the run early
        for row in sorted([*CORE_ROWS, *registry.bench_rows()], key=lambda row: row.order):
            user = context.user(row.role)
            if user is None:
                if row.optional:
                    continue
                raise CommandError(f"“{row.name}” needs a member with the role {Role(row.role).label}: "
                                   "run `offramp seed`.")
            if row.role not in clients:
                clients[row.role] = self._client(user, org)
            planned.append((row.name, clients[row.role], row.build(context)))
        results = [self._measure(name, client, request.method, request.url, request.data, requests)
                   for name, client, request in planned]
        counts = {count.name: count.count(org) for count in registry.bench_counts()}
        report = {
            "database": connection.vendor,
            "organization": org.slug,
            "data": counts,
            "requests_per_endpoint": requests,
            "python": platform.python_version(),
            "at": timezone.now().isoformat(),
            "results": results,
        }
        self._print(report)
        path = Path(output) if output else Path(settings.VAR_DIR) / f"bench-{connection.vendor}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2), encoding="utf-8")
        self.stdout.write(f"Written to {path}")

    def _organization(self, slug):
        if slug:
            org = Organization.objects.filter(slug=slug).first()
        else:  # the one with most of the first figure (cases)
            first = next(iter(registry.bench_counts()), None)
            org = max(Organization.objects.order_by("pk"), key=first.count if first else (lambda org: 0), default=None)
        if org is None:
            raise CommandError("No organisation: run `offramp seed --scale demo` or `--scale N` first.")
        return org

    def _client(self, user, org) -> Client:
        client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0].lstrip("."))
        client.force_login(user)
        session = client.session
        session[SESSION_MFA_KEY] = True
        session[SESSION_ORG_KEY] = str(org.pk)
        session.save()
        return client

    def _measure(self, label, client, method, url, data, requests) -> dict:
        call = getattr(client, method)
        for _ in range(3):
            call(url, data) if data else call(url)
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = call(url, data) if data else call(url)
        if response.status_code >= 400:
            raise CommandError(f"{label}: {url} answered {response.status_code}")
        timings = []
        with _crypto_timer() as crypto:
            for _ in range(requests):
                started = time.perf_counter()
                call(url, data) if data else call(url)
                timings.append((time.perf_counter() - started) * 1000)
        crypto_share = crypto.seconds * 1000 / sum(timings) if timings else 0
        timings.sort()
        return {
            "endpoint": label,
            "url": url.split("?")[0],
            "queries": len(queries),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
            "encryption_share": round(crypto_share, 3),
        }

    def _print(self, report) -> None:
        data = report["data"]
        figures = "".join(f"{value:,} {name} · " for name, value in data.items())
        self.stdout.write(f"\n{report['database']} · {figures}{report['requests_per_endpoint']} requests each\n")
        self.stdout.write(f"{'endpoint':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'crypto':>7}")
        for row in report["results"]:
            self.stdout.write(f"{row['endpoint']:42} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['queries']:8d} "
                              f"{row['encryption_share']:7.1%}")
