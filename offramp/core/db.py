from django.db import connection


def refresh_planner_statistics() -> None:
    """After a bulk load, and nightly, the query planner needs fresh statistics to choose the
    right indexes (SQLite has no autovacuum to gather them)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
