"""Fixtures: a real local OpenID Connect provider (see ``oidc_support``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from oidc_support import Provider, config

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[Provider]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield Provider(f"http://localhost:{server.server_port}")


@pytest.fixture
def vneid(settings, oidc_server) -> Provider:
    """VNeID configured against the local provider (a fresh client: no cached discovery)."""
    settings.MOTCUA_IDENTITY_PROVIDERS = {"vneid": config(oidc_server.url)}
    return oidc_server
