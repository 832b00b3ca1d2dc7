"""API URLs of the documents package (mounted under /api/v1/)."""

urlpatterns: list = []
