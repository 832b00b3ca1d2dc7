"""API URLs of the sync package (mounted under /api/v1/)."""

urlpatterns: list = []
