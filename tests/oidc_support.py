"""A real local OpenID Connect provider for the identity-login tests.

``oidc-provider-mock`` (a dev dependency) runs an OIDC provider built on Authlib in a thread:
discovery, JWKS, authorization (a consent form where the tester picks the subject), token and
UserInfo endpoints, RS256-signed ID tokens. Claims of a subject are set through its
``PUT /users/<sub>`` API. Nothing here stands in for the provider: every test talks to it over
HTTP on the loopback interface.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import requests

CLIENT_ID = "motcua-tinh-thu"
CLIENT_SECRET = "bi-mat-thu-nghiem"
#: The claim name our test configuration reads the personal identification number from.
ID_CLAIM = "so_dinh_danh"


@dataclass
class Provider:
    url: str

    def set_user(self, sub: str, **claims: object) -> None:
        r = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        assert r.status_code == 204, r.text

    def consent(self, authorize_url: str, sub: str | None) -> str:
        """What the citizen does at the provider: pick ``sub`` (or deny with None).

        Returns the callback URL the provider redirects the browser to."""
        data = {"sub": sub} if sub else {"action": "deny"}
        r = requests.post(authorize_url, data=data, allow_redirects=False, timeout=5)
        assert r.status_code == 302, r.text
        return r.headers["Location"]


def config(url: str, **extra: object) -> dict[str, object]:
    return {
        "kind": "oidc",
        "issuer": url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid profile email phone",
        "claims": {"id_number": ID_CLAIM, "assurance": "muc_do"},
        "name": "VNeID",
        "label": "Đăng nhập bằng VNeID",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def local(url: str) -> str:
    """The path and query of an absolute URL (for Django's test client)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
