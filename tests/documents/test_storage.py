"""The storage plug-in: local disk round trip with SHA-256, content-addressed keys."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.documents import selectors, services
from motcua.documents.errors import DocumentError
from motcua.documents.storage import Storage, StorageError, backends, get_storage
from motcua.documents.storage.contrib.local import LocalStorage
from support import vn

pytestmark = pytest.mark.django_db


def test_round_trip_keeps_sha256_and_size(pdf_bytes, document_dirs):
    f = services.store_bytes(
        pdf_bytes, name="don.pdf", purpose="component", user=None, now=vn(2026, 3, 2, 9)
    )
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    assert f.sha256 == digest and f.size == len(pdf_bytes)
    assert f.key == f"sha256/{digest[:2]}/{digest[2:4]}/{digest}"
    assert (f.storage, f.kind, f.content_type, f.pages) == ("local", "pdf", "application/pdf", 2)
    assert (document_dirs / "files" / f.key).read_bytes() == pdf_bytes
    assert selectors.file_bytes(f) == pdf_bytes


def test_same_content_is_stored_once(png_bytes):
    a = services.store_bytes(
        png_bytes, name="a.png", purpose="component", user=None, now=vn(2026, 3, 2)
    )
    b = services.store_bytes(
        png_bytes, name="b.png", purpose="component", user=None, now=vn(2026, 3, 2)
    )
    assert a.pk != b.pk and a.key == b.key


def test_a_changed_file_on_disk_is_detected(png_bytes, document_dirs):
    f = services.store_bytes(
        png_bytes, name="a.png", purpose="component", user=None, now=vn(2026, 3, 2)
    )
    path = document_dirs / "files" / f.key
    original = path.read_bytes()
    try:
        path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
        with pytest.raises(DocumentError) as exc:
            selectors.file_bytes(f)
        assert exc.value.code == "file_corrupted"
    finally:
        path.write_bytes(original)


def test_local_backend_refuses_unsafe_keys(tmp_path):
    storage = LocalStorage(root=tmp_path)
    with pytest.raises(StorageError):
        storage.save("../etc/passwd", b"x")
    with pytest.raises(StorageError):
        storage.read("sha256/ab/missing")
    storage.save("sha256/ab/cd/abcd", b"data")
    assert storage.exists("sha256/ab/cd/abcd") and storage.read("sha256/ab/cd/abcd") == b"data"
    storage.delete("sha256/ab/cd/abcd")
    assert not storage.exists("sha256/ab/cd/abcd")


def test_registry_and_plugin_points(settings):
    assert {"local", "s3"} <= set(backends())
    assert isinstance(get_storage(), LocalStorage)
    with pytest.raises(ImproperlyConfigured):
        get_storage("ftp")
    # the S3 plug-in needs its options (and boto3): a clear configuration error, no fake server
    with pytest.raises(ImproperlyConfigured):
        get_storage("s3")
    assert issubclass(backends()["s3"], Storage)


def test_local_default_root_is_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert LocalStorage().root == tmp_path / "documents"
