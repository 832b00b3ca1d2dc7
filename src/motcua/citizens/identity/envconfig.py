"""Read the identity providers' configuration from the environment (used by ``settings.py``).

Two ways, both optional (no provider is configured by default, so no button is shown):

``MOTCUA_OIDC_PROVIDERS``
    A JSON object ``{"<key>": {<provider config>}, ...}``; each config is described in
    :class:`motcua.citizens.identity.contrib.oidc.OIDCConfig` (``issuer``, ``client_id``,
    ``client_secret``, ``scopes``, ``claims``, ...).

``MOTCUA_VNEID_*``
    The national e-ID (VNeID, định danh điện tử của Bộ Công an) as provider key ``vneid``. It is
    configured only when ``MOTCUA_VNEID_ISSUER``, ``MOTCUA_VNEID_CLIENT_ID`` and
    ``MOTCUA_VNEID_CLAIM_ID_NUMBER`` are all set: the issuer, the client credentials and the
    claim names are given to the province when it registers its system with the Ministry of
    Public Security; motcua does not guess them.

This module imports nothing from Django so that the settings module can use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

#: ``MOTCUA_VNEID_<SUFFIX>`` → key in the provider config.
VNEID_SCALARS = {
    "ISSUER": "issuer",
    "CLIENT_ID": "client_id",
    "CLIENT_SECRET": "client_secret",
    "SCOPES": "scopes",
    "REDIRECT_URI": "redirect_uri",
    "LABEL": "label",
    "TOKEN_AUTH_METHOD": "token_endpoint_auth_method",
    "ASSURANCE_DEFAULT": "assurance_default",
    "TIMEOUT": "timeout",
}
#: ``MOTCUA_VNEID_CLAIM_<SUFFIX>`` → our field the claim fills.
VNEID_CLAIMS = {
    "ID_NUMBER": "id_number",
    "FULL_NAME": "full_name",
    "PHONE": "phone",
    "EMAIL": "email",
    "BIRTH_DATE": "birth_date",
    "ASSURANCE": "assurance",
}


class ConfigError(ValueError):
    """The environment describes identity providers in a way that cannot be read."""


def providers_from_env(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The providers configured in ``env``: ``{key: config}`` (empty when none)."""
    providers: dict[str, dict[str, Any]] = {}
    raw = env.get("MOTCUA_OIDC_PROVIDERS", "").strip()
    if raw:
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"MOTCUA_OIDC_PROVIDERS is not valid JSON: {exc}") from exc
        if not isinstance(parsed, dict) or not all(isinstance(v, dict) for v in parsed.values()):
            raise ConfigError('MOTCUA_OIDC_PROVIDERS must be {"key": {...config...}, ...}')
        providers.update(parsed)
    vneid = _vneid(env)
    if vneid is not None:
        providers["vneid"] = vneid
    return providers


def _vneid(env: Mapping[str, str]) -> dict[str, Any] | None:
    def get(name: str) -> str:
        return env.get(f"MOTCUA_VNEID_{name}", "").strip()

    if not (get("ISSUER") and get("CLIENT_ID") and get("CLAIM_ID_NUMBER")):
        return None
    config: dict[str, Any] = {"kind": "oidc", "label": "Đăng nhập bằng VNeID"}
    for suffix, key in VNEID_SCALARS.items():
        if value := get(suffix):
            config[key] = value
    claims = {key: get(f"CLAIM_{suffix}") for suffix, key in VNEID_CLAIMS.items()}
    config["claims"] = {k: v for k, v in claims.items() if v}
    if acr := get("ACR_VALUES"):
        config["authorize_params"] = {"acr_values": acr}
    if get("USERINFO").lower() in {"1", "true", "yes", "on"}:
        config["userinfo"] = True
    return config
