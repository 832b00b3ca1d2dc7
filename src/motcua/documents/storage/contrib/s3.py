"""S3-compatible object storage (production plug-in point).

Not exercised by the test suite (no S3 server is faked here); it needs ``boto3``, which is
not a dependency of the embedded default. Configure::

    MOTCUA_DOCUMENT_STORAGE = "s3"
    MOTCUA_DOCUMENT_STORAGE_OPTIONS = {
        "bucket": "motcua-documents",
        "endpoint_url": "https://s3.example.vn",   # MinIO, Ceph, Viettel/FPT object storage…
        "prefix": "prod/",                          # optional
        "region_name": "…",                         # optional
    }

Credentials come from boto3's usual sources (environment, instance profile), never from
the options. Keep the bucket private: downloads go through the permission-checked views.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from motcua.documents.storage.base import Storage, StorageError
from motcua.documents.storage.registry import register


@register
class S3Storage(Storage):
    name = "s3"

    def __init__(
        self,
        bucket: str = "",
        endpoint_url: str | None = None,
        prefix: str = "",
        region_name: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        if not bucket:
            raise ImproperlyConfigured("S3 storage needs MOTCUA_DOCUMENT_STORAGE_OPTIONS['bucket']")
        try:
            import boto3
        except ImportError as exc:
            raise ImproperlyConfigured(
                "S3 storage needs the boto3 package (pip install boto3)"
            ) from exc
        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region_name)

    def _key(self, key: str) -> str:
        return f"{self.prefix}{self.check_key(key)}"

    def save(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def read(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except self.client.exceptions.NoSuchKey as exc:
            raise StorageError(f"missing file {key}") from exc

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except Exception:
            return False
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def describe(self) -> str:
        return f"s3:{self.bucket}/{self.prefix}"
