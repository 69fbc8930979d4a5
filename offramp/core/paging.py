"""Count-free paging: a COUNT(*) grows with the data, one extra row tells whether a next page exists."""

import re
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

PAGE_SIZE = 25
# Deeper than anyone reads; past it an offset costs the database for nothing (filters narrow a list).
MAX_PAGE = 10_000
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)


def page_number(value) -> int:
    """The page asked for: absent means the first; anything but a whole number from 1 to MAX_PAGE
    is refused with a 400 (never a server error from int() or the database)."""
    if value is None or value == "":
        return 1
    text = str(value)
    number = int(text) if _WHOLE_NUMBER.fullmatch(text) else 0
    if not 1 <= number <= MAX_PAGE:
        raise BadRequest(_("Page numbers are whole numbers from 1 to %(max)s.") % {
            "max": number_format(MAX_PAGE, force_grouping=True)})
    return number


def whole_number_param(value, *, default: int, minimum: int, maximum: int) -> int:
    """A whole-number query parameter within bounds; absent means the default, anything else is a 400."""
    if value is None or value == "":
        return default
    text = str(value)
    number = int(text) if _WHOLE_NUMBER.fullmatch(text) else minimum - 1
    if not minimum <= number <= maximum:
        raise BadRequest(_("Give a whole number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
    return number


@dataclass
class Window:
    object_list: list
    number: int
    has_next: bool
    has_previous: bool
    paginator = None  # the pagination template shows "Page N" without a total

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def window(queryset, page, size: int = PAGE_SIZE) -> Window:
    number = page_number(page)
    rows = list(queryset[(number - 1) * size: number * size + 1])
    return Window(rows[:size], number, len(rows) > size, number > 1)
