"""The contract between motcua and an identity provider (nhà cung cấp định danh điện tử).

An identity provider proves who a citizen is — for the national e-ID (VNeID, tài khoản định
danh điện tử of the Ministry of Public Security) through OpenID Connect. A provider plug-in
sends the browser away (:meth:`IdentityProvider.start`) and reads what comes back
(:meth:`IdentityProvider.finish`), returning a :class:`VerifiedIdentity` in motcua's words:
the personal identification number (số định danh cá nhân), full name, phone, e-mail, date of
birth and the assurance level. What to do with it (log in, create or link an account) is
decided by :mod:`motcua.citizens.identity.services`, never by the plug-in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse

from motcua.core.errors import DomainError


@dataclass(frozen=True)
class VerifiedIdentity:
    """Who the provider says the citizen is, after every check passed."""

    provider: str  # our key of the provider, e.g. "vneid"
    subject: str  # the provider's stable ``sub`` for this person
    id_number: str  # số định danh cá nhân (12 digits, the CCCD number)
    full_name: str = ""
    phone: str = ""
    email: str = ""
    birth_date: date | None = None
    assurance: str = ""  # mức độ xác thực as the provider states it (e.g. its ``acr``)


@dataclass(frozen=True)
class Outcome:
    """The result of a finished round trip: the identity and what motcua asked for at start."""

    identity: VerifiedIdentity
    context: dict[str, Any] = field(default_factory=dict)


class IdentityError(DomainError):
    """A login through an identity provider that did not succeed; ``message`` is for citizens.

    ``context`` is what was asked for at the start (login or link, where to go next) when the
    answer could still be tied to this browser's request, so the citizen lands where they were.
    """

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(code, message, status)
        self.context: dict[str, Any] = {}


class ProviderUnavailable(IdentityError):
    def __init__(self, label: str = "hệ thống định danh điện tử"):
        super().__init__(
            "identity_provider_unavailable",
            f"Không kết nối được với {label}. Vui lòng thử lại sau ít phút, hoặc đăng nhập "
            "bằng số điện thoại/thư điện tử và mật khẩu.",
            503,
        )


class AccessDenied(IdentityError):
    def __init__(self) -> None:
        super().__init__(
            "identity_access_denied",
            "Ông/bà đã hủy hoặc không đồng ý chia sẻ thông tin định danh, nên chưa đăng nhập. "
            "Có thể thử lại, hoặc đăng nhập bằng số điện thoại/thư điện tử.",
        )


class InvalidState(IdentityError):
    def __init__(self) -> None:
        super().__init__(
            "identity_invalid_state",
            "Phiên đăng nhập bằng định danh điện tử không hợp lệ hoặc đã hết hạn (có thể do mở "
            "lại một đường dẫn cũ). Vui lòng bấm nút đăng nhập một lần nữa.",
        )


class InvalidIdentityToken(IdentityError):
    def __init__(self) -> None:
        super().__init__(
            "identity_invalid_token",
            "Thông tin định danh nhận về không hợp lệ (chữ ký, nơi phát hành, đối tượng hoặc "
            "thời hạn không đúng) nên không được chấp nhận. Vui lòng thử lại.",
        )


class ProviderRejected(IdentityError):
    def __init__(self, error: str = "") -> None:
        detail = f" (mã lỗi: {error})" if error else ""
        super().__init__(
            "identity_provider_error",
            f"Hệ thống định danh điện tử từ chối yêu cầu đăng nhập{detail}. Vui lòng thử lại "
            "sau, hoặc đăng nhập bằng số điện thoại/thư điện tử.",
        )


class MissingIdNumber(IdentityError):
    def __init__(self) -> None:
        super().__init__(
            "identity_missing_id_number",
            "Hệ thống định danh điện tử không trả về số định danh cá nhân hợp lệ (12 chữ số), "
            "nên không thể đăng nhập. Vui lòng liên hệ bộ phận hỗ trợ.",
        )


class IdentityProvider:
    """Base class of identity provider plug-ins; subclasses set :attr:`kind`.

    One instance per configured provider: ``key`` is the name it is configured under (it
    appears in the URLs), ``config`` its settings.
    """

    #: What configuration entries select this class (``"kind": "oidc"``).
    kind: ClassVar[str] = ""

    def __init__(self, key: str, config: dict[str, Any]):
        self.key = key
        self.config = config

    @property
    def label(self) -> str:
        """Text of the login button."""
        return str(self.config.get("label") or f"Đăng nhập bằng {self.key}")

    @property
    def name(self) -> str:
        """Short name for messages and the profile ("VNeID")."""
        return str(self.config.get("name") or self.key)

    def start(
        self, request: HttpRequest, *, redirect_uri: str, context: dict[str, Any]
    ) -> HttpResponse:
        """Send the browser to the provider; ``context`` must come back in :meth:`finish`."""
        raise NotImplementedError

    def finish(self, request: HttpRequest) -> Outcome:
        """Check the provider's answer on the callback request; :class:`IdentityError` if bad."""
        raise NotImplementedError
