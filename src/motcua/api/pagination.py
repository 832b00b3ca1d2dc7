from rest_framework.pagination import LimitOffsetPagination


class DefaultPagination(LimitOffsetPagination):
    """``?limit=&offset=`` pagination with a total ``count``; at most 100 items a page."""

    default_limit = 20
    max_limit = 100
