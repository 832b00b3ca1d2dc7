"""Page URLs of the sync package."""

urlpatterns: list = []
