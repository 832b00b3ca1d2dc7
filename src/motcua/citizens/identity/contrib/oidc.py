"""OpenID Connect identity provider (the protocol of VNeID), on Authlib's Django client.

Authorization code flow with PKCE (S256), ``state`` bound to the browser's session and a
``nonce`` bound to the ID token; the ID token's signature is checked with the provider's
published keys (``jwks_uri``), and its ``iss``, ``aud``, ``exp``, ``iat`` and ``nonce`` claims
are checked too. The provider's endpoints come from its discovery document
(``<issuer>/.well-known/openid-configuration``), whose ``issuer`` must be the configured one.

Configuration (one entry of ``settings.MOTCUA_IDENTITY_PROVIDERS``)::

    {
      "kind": "oidc",
      "issuer": "https://…",              # given by the provider (for VNeID: by the Ministry)
      "client_id": "…", "client_secret": "…",
      "scopes": "openid profile",         # space-separated; "openid" is always added
      "claims": {                         # which claim carries which of our fields
        "id_number": "…",                 # REQUIRED: số định danh cá nhân (no default)
        "full_name": "name", "phone": "phone_number", "email": "email",
        "birth_date": "birthdate", "assurance": "acr"
      },
      "redirect_uri": "https://dichvucong.example/tai-khoan/dinh-danh/vneid/xac-thuc/",
      "label": "Đăng nhập bằng VNeID", "name": "VNeID",
      "authorize_params": {"acr_values": "…"},
      "userinfo": false,                  # also read the UserInfo endpoint
      "token_endpoint_auth_method": "client_secret_basic",
      "assurance_default": "",            # stored when the assurance claim is absent
      "timeout": 10, "leeway": 120
    }

The issuer must use HTTPS, except on the loopback interface (local tests and trials).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from joserfc.errors import JoseError

from motcua.citizens.identity import registry
from motcua.citizens.identity.base import (
    AccessDenied,
    IdentityError,
    IdentityProvider,
    InvalidIdentityToken,
    InvalidState,
    MissingIdNumber,
    Outcome,
    ProviderRejected,
    ProviderUnavailable,
    VerifiedIdentity,
)

log = logging.getLogger(__name__)

#: Standard OpenID Connect claims (OIDC Core §5.1) used when a mapping is not configured.
#: There is deliberately no default for ``id_number``: the claim is provider-specific.
DEFAULT_CLAIMS = {
    "full_name": "name",
    "phone": "phone_number",
    "email": "email",
    "birth_date": "birthdate",
    "assurance": "acr",
}
#: How long a discovery document is trusted before it is fetched again (seconds).
METADATA_MAX_AGE = 3600
STATE_KEY = "motcua"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _same_issuer(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def parse_birth_date(value: Any) -> date | None:
    """A birth date as OIDC (``YYYY-MM-DD``) or Vietnamese habit (``DD/MM/YYYY``) writes it."""
    if not isinstance(value, str) or not value.strip():
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            parsed = datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        return parsed if parsed.year > 1 else None
    return None


@registry.register
class OpenIDConnectProvider(IdentityProvider):
    """An OpenID Connect provider (Relying Party side), e.g. VNeID."""

    kind = "oidc"

    def __init__(self, key: str, config: dict[str, Any]):
        super().__init__(key, config)
        missing = [k for k in ("issuer", "client_id") if not config.get(k)]
        self.claims = {**DEFAULT_CLAIMS, **(config.get("claims") or {})}
        if not self.claims.get("id_number"):
            missing.append("claims.id_number")
        if missing:
            raise ImproperlyConfigured(
                f"identity provider {key!r} lacks {', '.join(missing)} "
                "(see motcua.citizens.identity.contrib.oidc)"
            )
        self.issuer = str(config["issuer"]).rstrip("/")
        parts = urlsplit(self.issuer)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and _is_loopback(parts.hostname or "")
        ):
            raise ImproperlyConfigured(
                f"identity provider {key!r}: the issuer must use https ({self.issuer})"
            )
        scopes = str(config.get("scopes") or "openid profile").split()
        if "openid" not in scopes:
            scopes.insert(0, "openid")
        self.scopes = " ".join(scopes)
        self.timeout = float(config.get("timeout", 10))
        self.leeway = int(config.get("leeway", 120))
        self._client: DjangoOAuth2App | None = None

    @property
    def name(self) -> str:
        return str(self.config.get("name") or ("VNeID" if self.key == "vneid" else self.key))

    # --- Authlib client ------------------------------------------------------------------
    @property
    def client(self) -> DjangoOAuth2App:
        if self._client is None:
            oauth = OAuth()
            client_kwargs: dict[str, Any] = {
                "scope": self.scopes,
                "code_challenge_method": "S256",
                "default_timeout": self.timeout,
            }
            if method := self.config.get("token_endpoint_auth_method"):
                client_kwargs["token_endpoint_auth_method"] = method
            self._client = oauth.register(
                name=self.key,
                client_id=self.config["client_id"],
                client_secret=self.config.get("client_secret") or None,
                server_metadata_url=f"{self.issuer}/.well-known/openid-configuration",
                client_kwargs=client_kwargs,
            )
        return self._client

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (cached an hour); checks its ``issuer``."""
        client = self.client
        loaded_at = client.server_metadata.get("_loaded_at")
        if loaded_at is not None and time.time() - loaded_at > METADATA_MAX_AGE:
            client.server_metadata.clear()
        try:
            metadata = client.load_server_metadata()
        except (requests.RequestException, ValueError) as exc:
            client.server_metadata.clear()
            log.warning("identity provider %s: discovery failed: %s", self.key, exc)
            raise ProviderUnavailable(self.name) from exc
        if not _same_issuer(str(metadata.get("issuer", "")), self.issuer):
            log.error(
                "identity provider %s: discovery issuer %r is not the configured %r",
                self.key,
                metadata.get("issuer"),
                self.issuer,
            )
            client.server_metadata.clear()
            raise InvalidIdentityToken()
        return metadata

    # --- the round trip ------------------------------------------------------------------
    def start(
        self, request: HttpRequest, *, redirect_uri: str, context: dict[str, Any]
    ) -> HttpResponse:
        self.metadata()
        params = dict(self.config.get("authorize_params") or {})
        rv = self.client.create_authorization_url(redirect_uri, **params)
        # state → {code_verifier, nonce, redirect_uri, our context}, kept in the session.
        self.client.save_authorize_data(
            request, redirect_uri=redirect_uri, **{STATE_KEY: context}, **rv
        )
        return HttpResponseRedirect(rv["url"])

    def finish(self, request: HttpRequest) -> Outcome:
        client = self.client
        state = request.GET.get("state") or ""
        state_data = client.framework.get_state_data(request.session, state) if state else None
        if state:
            client.framework.clear_state_data(request.session, state)
        context = dict((state_data or {}).get(STATE_KEY) or {})
        try:
            return Outcome(self._finish(request, state_data), context)
        except IdentityError as exc:
            exc.context = context
            raise

    def _finish(self, request: HttpRequest, state_data: dict[str, Any] | None) -> VerifiedIdentity:
        client = self.client
        if error := request.GET.get("error"):
            log.info("identity provider %s answered error=%s", self.key, error)
            if error in {"access_denied", "login_required", "consent_required"}:
                raise AccessDenied()
            raise ProviderRejected(error)
        code = request.GET.get("code")
        if not state_data or not code or "nonce" not in state_data:
            log.warning("identity provider %s: callback with unknown state", self.key)
            raise InvalidState()
        self.metadata()
        params: dict[str, Any] = {"code": code, "redirect_uri": state_data["redirect_uri"]}
        if verifier := state_data.get("code_verifier"):
            params["code_verifier"] = verifier
        try:
            token = client.fetch_access_token(**params)
        except requests.RequestException as exc:
            log.warning("identity provider %s: token endpoint unreachable: %s", self.key, exc)
            raise ProviderUnavailable(self.name) from exc
        except AuthlibBaseError as exc:
            log.warning("identity provider %s: token request refused: %s", self.key, exc)
            raise ProviderRejected(getattr(exc, "error", "") or "") from exc
        if "id_token" not in token:
            log.warning("identity provider %s: token response without id_token", self.key)
            raise InvalidIdentityToken()
        try:
            claims = dict(
                client.parse_id_token(token, nonce=state_data["nonce"], leeway=self.leeway)
            )
        except requests.RequestException as exc:
            raise ProviderUnavailable(self.name) from exc
        except (JoseError, AuthlibBaseError, ValueError, RuntimeError) as exc:
            log.warning("identity provider %s: ID token rejected: %r", self.key, exc)
            raise InvalidIdentityToken() from exc
        if self.config.get("userinfo"):
            claims = self._merge_userinfo(claims, token)
        return self.identity_from_claims(claims)

    def _merge_userinfo(self, claims: dict[str, Any], token: dict[str, Any]) -> dict[str, Any]:
        try:
            info = dict(self.client.userinfo(token=token))
        except requests.RequestException as exc:
            raise ProviderUnavailable(self.name) from exc
        except (AuthlibBaseError, ValueError) as exc:
            raise InvalidIdentityToken() from exc
        if info.get("sub") != claims.get("sub"):  # OIDC Core §5.3.2
            raise InvalidIdentityToken()
        return {**info, **claims}

    def identity_from_claims(self, claims: dict[str, Any]) -> VerifiedIdentity:
        """Map the verified claims to our fields (configurable per provider)."""

        def claim(field: str) -> str:
            name = self.claims.get(field) or ""
            value = claims.get(name) if name else None
            if value is None or isinstance(value, dict | list):
                return ""
            return str(value).strip()

        id_number = claim("id_number")
        if not (id_number.isdigit() and len(id_number) == 12):
            raise MissingIdNumber()
        birth_name = self.claims.get("birth_date") or ""
        return VerifiedIdentity(
            provider=self.key,
            subject=str(claims.get("sub", "")),
            id_number=id_number,
            full_name=claim("full_name"),
            phone=claim("phone"),
            email=claim("email"),
            birth_date=parse_birth_date(claims.get(birth_name)) if birth_name else None,
            assurance=claim("assurance") or str(self.config.get("assurance_default") or ""),
        )
