"""Count-free paging: a COUNT(*) grows with the data, one extra row tells whether a next page exists."""

from dataclasses import dataclass

PAGE_SIZE = 25


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
    number = int(page) if str(page or "").isdigit() and int(page) > 0 else 1
    rows = list(queryset[(number - 1) * size: number * size + 1])
    return Window(rows[:size], number, len(rows) > size, number > 1)
