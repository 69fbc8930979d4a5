import re

from django.db import connection


def refresh_planner_statistics() -> None:
    """After a bulk load, and nightly, the query planner needs fresh statistics to choose the
    right indexes (SQLite has no autovacuum to gather them)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


MAX_ID = 2**63 - 1  # the largest value of a BigAutoField on every supported database
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)


def integer_ids(values) -> list[int]:
    """The values that can be an integer primary key; anything else (text, '²', a number too large
    for the database) is dropped rather than sent to it, so callers can say 'not one of yours'."""
    ids = []
    for value in values or ():
        text = str(value)
        if _ASCII_DIGITS.fullmatch(text) and 0 < int(text) <= MAX_ID:
            ids.append(int(text))
    return ids
