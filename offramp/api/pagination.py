"""Count-free paging for the API, like the pages: `?page=N`, with next and previous links."""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from offramp.core.paging import PAGE_SIZE, Window, window


class WindowPagination(BasePagination):
    page_size = PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        return self.use_window(window(queryset, request.query_params.get("page"), self.page_size), request)

    def use_window(self, page: Window, request) -> list:
        self.page, self.request = page, request
        return page.object_list

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)

    def get_paginated_response(self, data):
        return Response({
            "next": self._link(self.page.number + 1) if self.page.has_next else None,
            "previous": self._link(self.page.number - 1) if self.page.has_previous else None,
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
