"""Pluggable file storage: local disk by default, S3-compatible object storage in production."""

from motcua.documents.storage.base import Storage, StorageError
from motcua.documents.storage.registry import backends, get_storage, register

__all__ = ["Storage", "StorageError", "backends", "get_storage", "register"]
