"""Page URLs of the ratings package."""

urlpatterns: list = []
