"""Files are accepted by content, never by name: a table of real and disguised files."""

from __future__ import annotations

import pytest

from motcua.documents import validation
from motcua.documents.errors import DocumentError


def _text_renamed() -> bytes:
    return "Đây là một tệp văn bản, không phải PDF.\n".encode()


CASES = [
    # (name, builder fixture or bytes, expected kind or error code, message part)
    ("don-de-nghi.pdf", "pdf_bytes", "pdf", None),
    ("ban-quet.png", "png_bytes", "png", None),
    ("anh-chup.jpg", "jpeg_bytes", "jpeg", None),
    ("gia-mao.pdf", _text_renamed(), "unsupported_type", "nội dung là văn bản thuần"),
    ("anh.pdf", "png_bytes", "png", "nhưng nội dung là PNG"),
    ("rong.pdf", b"", "empty_file", "Tệp rỗng"),
    ("word.pdf", b"PK\x03\x04" + b"\x00" * 200, "unsupported_type", "DOCX"),
    ("hong.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "damaged_file", "%%EOF"),
    ("cut.png", "png_truncated", "damaged_file", "PNG bị hỏng"),
]


@pytest.fixture
def png_truncated(png_bytes):
    return png_bytes[: len(png_bytes) // 2]


@pytest.mark.parametrize(("name", "content", "expected", "message"), CASES)
def test_files_are_judged_by_content(request, name, content, expected, message):
    data = request.getfixturevalue(content) if isinstance(content, str) else content
    if expected in validation.CONTENT_TYPES:
        inspected = validation.inspect(data, name)
        assert inspected.kind == expected
        assert inspected.content_type == validation.CONTENT_TYPES[expected]
        assert inspected.size == len(data)
        if message:
            assert any(message in w for w in inspected.warnings)
        else:
            assert inspected.warnings == []
    else:
        with pytest.raises(DocumentError) as exc:
            validation.inspect(data, name)
        assert exc.value.code == expected
        assert message in exc.value.message


def test_wrong_file_message_names_the_accepted_types():
    with pytest.raises(DocumentError) as exc:
        validation.inspect(_text_renamed(), "a.pdf")
    assert exc.value.message == (
        "Tệp không phải PDF, JPEG hoặc PNG (nội dung là văn bản thuần (text))."
    )
    assert exc.value.status == 415


def test_pdf_pages_and_image_size(pdf_bytes, png_bytes):
    assert validation.inspect(pdf_bytes, "x.pdf").pages == 2
    png = validation.inspect(png_bytes, "x.png")
    assert (png.width, png.height, png.pages) == (120, 160, 1)


def test_size_limit_is_a_setting(settings, pdf_bytes):
    settings.MOTCUA_DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(DocumentError) as exc:
        validation.inspect(pdf_bytes, "lon.pdf")
    assert exc.value.code == "file_too_large" and exc.value.status == 413
    assert "dung lượng tối đa là 1000 byte" in exc.value.message


def test_default_limit_is_ten_megabytes(settings):
    if hasattr(settings, "MOTCUA_DOCUMENT_MAX_BYTES"):
        del settings.MOTCUA_DOCUMENT_MAX_BYTES
    assert validation.max_bytes() == 10 * 1024 * 1024
    with pytest.raises(DocumentError) as exc:
        validation.check_size(10 * 1024 * 1024 + 1)
    assert "tối đa là 10 MB" in exc.value.message


def test_upload_is_read_only_up_to_the_limit(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MOTCUA_DOCUMENT_MAX_BYTES = 10
    with pytest.raises(DocumentError):
        validation.read_upload(SimpleUploadedFile("a.pdf", b"x" * 11))
    with pytest.raises(DocumentError) as exc:
        validation.read_upload(SimpleUploadedFile("a.pdf", b""))
    assert exc.value.code == "empty_file"
