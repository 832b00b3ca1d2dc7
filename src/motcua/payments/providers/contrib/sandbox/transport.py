"""How the sandbox gateway and motcua reach each other server to server (IPN, refund API).

``MOTCUA_PAYMENT_SANDBOX_TRANSPORT``:

- ``"local"`` (default): the request is built as a real ``HttpRequest`` and handed to the view
  its URL resolves to, in this process — no network, so the embedded set-up (one process,
  possibly one worker) cannot deadlock by calling itself;
- ``"http"``: a real HTTP request with ``urllib`` (the gateway and motcua run apart; URLs must
  then be absolute: ``MOTCUA_PAYMENT_SANDBOX_IPN_URL``, ``MOTCUA_PAYMENT_SANDBOX_API_URL``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.test.client import RequestFactory
from django.urls import Resolver404, resolve

from motcua.payments.providers.base import ProviderError

TIMEOUT = 15  # seconds


def mode() -> str:
    return getattr(settings, "MOTCUA_PAYMENT_SANDBOX_TRANSPORT", "local")


def get(url: str) -> tuple[int, bytes]:
    """GET ``url`` (query string included); returns (status, body)."""
    if mode() == "http":
        return _http(urllib.request.Request(url, method="GET"))
    return _local("GET", url, None)


def post_json(url: str, body: dict[str, Any]) -> tuple[int, bytes]:
    data = json.dumps(body, ensure_ascii=False).encode()
    if mode() == "http":
        return _http(
            urllib.request.Request(
                url, data=data, method="POST", headers={"Content-Type": "application/json"}
            )
        )
    return _local("POST", url, data)


def _http(request: urllib.request.Request) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise ProviderError(f"Không kết nối được {request.full_url}: {exc}") from exc


def _local(method: str, url: str, data: bytes | None) -> tuple[int, bytes]:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404 as exc:
        raise ProviderError(f"Không có địa chỉ {parts.path}") from exc
    factory = RequestFactory(SERVER_NAME=parts.hostname or "localhost", REMOTE_ADDR="127.0.0.1")
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    if method == "GET":
        request = factory.get(path)
    else:
        request = factory.post(path, data=data, content_type="application/json")
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response.status_code, response.content
