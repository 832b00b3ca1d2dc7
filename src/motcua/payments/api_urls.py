"""API URLs of the payments package (mounted under /api/v1/)."""

urlpatterns: list = []
