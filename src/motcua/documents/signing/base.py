"""The signer plug-in contract: who signs for an agency (chữ ký số của cơ quan).

A backend turns an agency into a pyHanko ``Signer`` (key and certificate chain). The default
reads one PKCS#12 file per agency from a directory (``contrib/pkcs12.py``); USB tokens and
HSMs plug in through PKCS#11 (``contrib/pkcs11.py``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from motcua.documents.errors import DocumentError

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer

    from motcua.directory.models import Agency


class NoSigner(DocumentError):
    """The agency has no signing key configured."""

    def __init__(self, agency_name: str, detail: str = ""):
        message = (
            f"{agency_name} chưa có chứng thư số để ký kết quả điện tử"
            f"{f' ({detail})' if detail else ''}; quản trị hệ thống cần cài đặt chứng thư số."
        )
        super().__init__("no_signer", message, status=409)


class SignerBackend(ABC):
    """Base class of signer backends, registered by :attr:`name`."""

    name: str = ""

    def __init__(self, **options: Any) -> None:
        self.options = options

    @abstractmethod
    def signer_for(self, agency: Agency) -> Signer:
        """The pyHanko signer of ``agency``; raise :class:`NoSigner` when there is none."""

    def has_signer(self, agency: Agency) -> bool:
        try:
            self.signer_for(agency)
        except NoSigner:
            return False
        return True
