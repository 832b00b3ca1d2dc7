"""Page URLs of the payments package."""

urlpatterns: list = []
