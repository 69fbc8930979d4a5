"""`offramp bench`: server time and queries of the busiest pages, at the data set in the database."""

import json
import platform
import statistics
import time
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offramp.cases.models import Case, CaseTeamMember, Note
from offramp.core import crypto
from offramp.core.auth import SESSION_MFA_KEY
from offramp.core.middleware import SESSION_ORG_KEY
from offramp.core.models import Membership, Organization, Role


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


class Command(BaseCommand):
    help = "Measure p50/p95 server time and query counts of key pages against the current database."

    def add_arguments(self, parser):
        parser.add_argument("--organization", help="organisation slug (default: the one with most cases)")
        parser.add_argument("--requests", type=int, default=60, help="timed requests per endpoint")
        parser.add_argument("--output", help="JSON file (default var/bench-<database>.json)")

    def handle(self, *args, organization, requests, output, **options):
        org = self._organization(organization)
        supervisor = Membership.objects.filter(organization=org, role=Role.SUPERVISOR).select_related("user").first()
        manager_id = (
            CaseTeamMember.objects.filter(organization=org, role="case_manager", removed_at__isnull=True)
            .values_list("user_id", flat=True).first()
        )
        if supervisor is None or manager_id is None:
            raise CommandError("The organisation needs a supervisor and a case manager on a case: run `offramp seed`.")
        manager = Membership.objects.filter(user_id=manager_id, organization=org).select_related("user").first().user
        busiest = (
            Case.objects.filter(organization=org, restricted=False, team__user=manager)
            .order_by("-opened_at").first()
        )
        sup, man = self._client(supervisor.user, org), self._client(manager, org)
        notes_url = reverse("note_create", args=[busiest.pk])
        note_form = {
            "note_type": "call", "channel": "phone", "direction": "outbound",
            "occurred_at": timezone.localtime(timezone=ZoneInfo(org.time_zone)).strftime("%Y-%m-%dT%H:%M"),
            "narrative": "Benchmark call: confirmed next week's meeting.", "sign": "1",
        }
        endpoints = [
            ("floor (health page, same middleware)", sup, "get", reverse("healthz"), None),
            ("work queue (case manager)", man, "get", reverse("work_queue"), None),
            ("case list (supervisor, all cases)", sup, "get", reverse("case_list"), None),
            ("case list (case manager, own cases)", man, "get", reverse("case_list"), None),
            ("case page (supervisor)", sup, "get", reverse("case_detail", args=[busiest.pk]), None),
            ("person search by name (supervisor)", sup, "post", reverse("person_list"), {"name": "smith"}),
            ("people list (supervisor)", sup, "get", reverse("person_list"), None),
            ("note creation (POST, signed)", man, "post", notes_url, note_form),
            ("API case list (supervisor)", sup, "get", reverse("api_cases"), None),
        ]
        responder = Membership.objects.filter(organization=org, role=Role.HELPLINE_RESPONDER).select_related("user").first()
        if responder is not None:
            res = self._client(responder.user, org)
            endpoints += [
                ("helpline queue (responder)", res, "get", reverse("helpline_queue"), None),
                ("contact creation (POST)", res, "post", reverse("contact_create"),
                 {"channel": "phone", "caller_relationship": "parent", "summary": "Benchmark call.",
                  "inbound": "on"}),
            ]
        results = []
        for label, client, method, url, data in endpoints:
            results.append(self._measure(label, client, method, url, data, requests))
        counts = {
            "cases": Case.objects.filter(organization=org).count(),
            "notes": Note.objects.filter(organization=org).count(),
        }
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
        else:
            from django.db.models import Count

            org = Organization.objects.annotate(n=Count("cases")).order_by("-n").first()
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
        self.stdout.write(f"\n{report['database']} · {data['cases']:,} cases · {data['notes']:,} notes · "
                          f"{report['requests_per_endpoint']} requests each\n")
        self.stdout.write(f"{'endpoint':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'crypto':>7}")
        for row in report["results"]:
            self.stdout.write(f"{row['endpoint']:42} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['queries']:8d} "
                              f"{row['encryption_share']:7.1%}")
