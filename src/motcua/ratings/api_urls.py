"""API URLs of the ratings package (mounted under /api/v1/)."""

urlpatterns: list = []
