"""Page URLs of the documents package."""

urlpatterns: list = []
