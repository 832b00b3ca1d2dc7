from rest_framework.permissions import SAFE_METHODS, BasePermission

from motcua.directory.selectors import is_administrator


class IsAdministrator(BasePermission):
    """Quản trị hệ thống only."""

    message = "Chỉ quản trị hệ thống được thực hiện thao tác này."

    def has_permission(self, request, view) -> bool:
        return is_administrator(request.user)


class ReadOnlyOrAdministrator(IsAdministrator):
    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)
