"""Log citizens in with their phone number or e-mail address."""

from django.contrib.auth.backends import ModelBackend

from motcua.citizens.services import find_login


class PhoneOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username:
            return None
        login = find_login(username)
        if login is None:
            return None
        return super().authenticate(request, username=login, password=password, **kwargs)
