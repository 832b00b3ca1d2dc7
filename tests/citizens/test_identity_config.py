"""Configuration of identity providers: environment, registry, plug-ins, claim mapping."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.citizens.identity import registry
from motcua.citizens.identity.base import IdentityProvider, MissingIdNumber
from motcua.citizens.identity.checks import identity_providers_check
from motcua.citizens.identity.contrib.oidc import OpenIDConnectProvider, parse_birth_date
from motcua.citizens.identity.envconfig import ConfigError, providers_from_env

VNEID_ENV = {
    "MOTCUA_VNEID_ISSUER": "https://id.example.gov.vn",
    "MOTCUA_VNEID_CLIENT_ID": "tinh-12",
    "MOTCUA_VNEID_CLIENT_SECRET": "bi-mat",
    "MOTCUA_VNEID_CLAIM_ID_NUMBER": "citizen_pid",
}


def test_nothing_configured_by_default():
    assert providers_from_env({}) == {}


@pytest.mark.parametrize("missing", sorted(VNEID_ENV.keys() - {"MOTCUA_VNEID_CLIENT_SECRET"}))
def test_vneid_needs_issuer_client_and_id_claim(missing):
    env = {k: v for k, v in VNEID_ENV.items() if k != missing}
    assert "vneid" not in providers_from_env(env)


def test_vneid_from_env():
    env = {
        **VNEID_ENV,
        "MOTCUA_VNEID_SCOPES": "openid profile phone",
        "MOTCUA_VNEID_CLAIM_FULL_NAME": "full_name",
        "MOTCUA_VNEID_CLAIM_BIRTH_DATE": "dob",
        "MOTCUA_VNEID_ACR_VALUES": "muc-2",
        "MOTCUA_VNEID_REDIRECT_URI": "https://dvc.example/tai-khoan/dinh-danh/vneid/xac-thuc/",
        "MOTCUA_VNEID_USERINFO": "1",
    }
    cfg = providers_from_env(env)["vneid"]
    assert cfg["issuer"] == "https://id.example.gov.vn" and cfg["client_secret"] == "bi-mat"
    assert cfg["claims"] == {
        "id_number": "citizen_pid",
        "full_name": "full_name",
        "birth_date": "dob",
    }
    assert cfg["authorize_params"] == {"acr_values": "muc-2"} and cfg["userinfo"] is True
    p = OpenIDConnectProvider("vneid", cfg)
    assert p.scopes == "openid profile phone" and p.name == "VNeID"
    assert p.claims["phone"] == "phone_number"  # standard claim where none is configured


def test_generic_json_providers_and_vneid_together():
    env = {
        **VNEID_ENV,
        "MOTCUA_OIDC_PROVIDERS": json.dumps(
            {
                "thu": {
                    "issuer": "http://127.0.0.1:9400",
                    "client_id": "a",
                    "claims": {"id_number": "x"},
                }
            }
        ),
    }
    assert list(providers_from_env(env)) == ["thu", "vneid"]


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '{"a": 1}'])
def test_bad_json_is_reported(raw):
    with pytest.raises(ConfigError):
        providers_from_env({"MOTCUA_OIDC_PROVIDERS": raw})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"claims": {}}, "claims.id_number"),
        ({"issuer": ""}, "issuer"),
        ({"issuer": "http://id.example.gov.vn"}, "https"),
        ({"issuer": "http://10.0.0.5:9400"}, "https"),
    ],
)
def test_bad_provider_config(change, message):
    cfg = {"issuer": "https://id.example.gov.vn", "client_id": "a", "claims": {"id_number": "x"}}
    with pytest.raises(ImproperlyConfigured, match=message):
        OpenIDConnectProvider("vneid", {**cfg, **change})


@pytest.mark.parametrize(
    "issuer", ["http://localhost:9400", "http://127.0.0.1:9400/", "https://a.vn"]
)
def test_https_or_loopback_issuers(issuer):
    p = OpenIDConnectProvider(
        "thu", {"issuer": issuer, "client_id": "a", "claims": {"id_number": "x"}}
    )
    assert p.issuer == issuer.rstrip("/") and "openid" in p.scopes.split()


def test_misconfiguration_is_a_system_check_error_and_hides_the_button(settings, client, db):
    settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": {"issuer": "https://a.vn", "client_id": "a"}}
    errors = identity_providers_check()
    assert [e.id for e in errors] == ["motcua.identity.E001"]
    assert "claims.id_number" in errors[0].msg
    html = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert client.get("/tai-khoan/dang-nhap/").status_code == 200 and "VNeID" not in html
    settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": {"kind": "saml", "issuer": "x"}}
    assert identity_providers_check()[0].id == "motcua.identity.E001"


def test_plug_in_kinds_register_with_the_registry(settings):
    @registry.register
    class Dummy(IdentityProvider):
        kind = "thu-nghiem"

    try:
        settings.MOTCUA_IDENTITY_PROVIDERS = {"khac": {"kind": "thu-nghiem", "label": "Khác"}}
        (provider,) = registry.enabled()
        assert isinstance(provider, Dummy) and provider.label == "Khác"
        assert registry.get("khac") is provider
        with pytest.raises(registry.UnknownProvider):
            registry.get("vneid")
    finally:
        registry._kinds.pop("thu-nghiem")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1990-05-17", date(1990, 5, 17)),
        ("17/05/1990", date(1990, 5, 17)),
        ("17-05-1990", date(1990, 5, 17)),
        ("0000-05-17", None),  # OIDC: year withheld
        ("1990-02-30", None),
        ("", None),
        (None, None),
        (19900517, None),
    ],
)
def test_birth_dates(raw, expected):
    assert parse_birth_date(raw) == expected


CFG = {"issuer": "https://a.vn", "client_id": "a", "claims": {"id_number": "pid"}}


@pytest.mark.parametrize("pid", ["", "12345678901", "1234567890123", "00109001234A", None])
def test_identity_number_must_be_twelve_digits(pid):
    p = OpenIDConnectProvider("vneid", CFG)
    with pytest.raises(MissingIdNumber):
        p.identity_from_claims({"sub": "s", "pid": pid})


def test_claim_mapping():
    p = OpenIDConnectProvider(
        "vneid",
        {**CFG, "claims": {"id_number": "pid", "full_name": "ho_ten"}, "assurance_default": "2"},
    )
    ident = p.identity_from_claims(
        {
            "sub": "s",
            "pid": " 001090012345 ",
            "ho_ten": "Lò Văn A",
            "name": "bỏ qua",
            "phone_number": "0911222333",
        }
    )
    assert ident.id_number == "001090012345" and ident.full_name == "Lò Văn A"
    assert ident.phone == "0911222333" and ident.assurance == "2" and ident.birth_date is None
