"""Digital signatures of electronic results: signer plug-ins, PAdES signing, validation."""

from motcua.documents.signing.base import NoSigner, SignerBackend
from motcua.documents.signing.registry import backends, get_backend, register, signing_dir

__all__ = ["NoSigner", "SignerBackend", "backends", "get_backend", "register", "signing_dir"]
