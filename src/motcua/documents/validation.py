"""File validation by content, not by name (kiểm tra tệp theo nội dung).

A file is accepted when its bytes are a PDF, a JPEG or a PNG that really parses: the magic
bytes say what it claims to be, then Pillow decodes the image, or the PDF has its header, its
``%%EOF`` trailer and a page tree that pyHanko's reader can open. The name the sender gave
does not matter: a PNG called ``scan.pdf`` is accepted as a PNG, and that is what is recorded
(with a warning). Anything else is refused with a Vietnamese message that says what the
content looks like.

Limits: ``MOTCUA_DOCUMENT_MAX_BYTES`` (default 10 MB); an empty file is refused.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings

from motcua.documents.errors import DocumentError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

PDF, JPEG, PNG = "pdf", "jpeg", "png"
CONTENT_TYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
#: File name endings people use for each kind (a name ending otherwise gets a warning).
NAME_ENDINGS = {PDF: {".pdf"}, JPEG: {".jpg", ".jpeg", ".jpe", ".jfif"}, PNG: {".png"}}
ACCEPTED = "PDF, JPEG hoặc PNG"

#: Magic bytes of common formats that are refused, for a message that says what was sent.
OTHER_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"PK\x03\x04", 0, "tệp nén ZIP hoặc văn bản Word/Excel (DOCX, XLSX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "văn bản Word/Excel đời cũ (DOC, XLS)"),
    (b"GIF87a", 0, "ảnh GIF"),
    (b"GIF89a", 0, "ảnh GIF"),
    (b"BM", 0, "ảnh BMP"),
    (b"II*\x00", 0, "ảnh TIFF"),
    (b"MM\x00*", 0, "ảnh TIFF"),
    (b"WEBP", 8, "ảnh WebP"),
    (b"ftypheic", 4, "ảnh HEIC"),
    (b"ftypmif1", 4, "ảnh HEIC"),
    (b"ftyp", 4, "tệp video hoặc ảnh HEIC"),
    (b"Rar!", 0, "tệp nén RAR"),
    (b"7z\xbc\xaf\x27\x1c", 0, "tệp nén 7z"),
    (b"\x1f\x8b", 0, "tệp nén GZIP"),
    (b"{\\rtf", 0, "văn bản RTF"),
    (b"MZ", 0, "chương trình Windows (EXE)"),
    (b"\x7fELF", 0, "chương trình (ELF)"),
    (b"ID3", 0, "tệp âm thanh MP3"),
    (b"OggS", 0, "tệp âm thanh/video Ogg"),
)


@dataclass(frozen=True)
class Inspected:
    """What a file really is, read from its content."""

    kind: str
    size: int
    pages: int = 1
    width: int | None = None
    height: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def max_bytes() -> int:
    return int(getattr(settings, "MOTCUA_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def human_size(n: int) -> str:
    """ "10 MB", "512 KB", "37 byte" (Vietnamese decimal comma)."""
    if n >= 1024 * 1024:
        value, unit = n / (1024 * 1024), "MB"
    elif n >= 1024:
        value, unit = n / 1024, "KB"
    else:
        return f"{n} byte"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} {unit}"


def check_size(size: int) -> None:
    """Refuse an empty or oversize file before reading it."""
    if size <= 0:
        raise DocumentError("empty_file", "Tệp rỗng (0 byte): hãy chọn lại tệp đã quét.")
    limit = max_bytes()
    if size > limit:
        raise DocumentError(
            "file_too_large",
            f"Tệp quá lớn ({human_size(size)}); dung lượng tối đa là {human_size(limit)}.",
            status=413,
        )


def sniff(data: bytes) -> str | None:
    """The accepted kind the magic bytes announce, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    # PDF readers accept the header anywhere in the first 1024 bytes
    if b"%PDF-" in data[:1024]:
        return PDF
    return None


def describe(data: bytes) -> str:
    """What a refused file looks like, in Vietnamese ("văn bản thuần", "ảnh GIF"…)."""
    for magic, offset, label in OTHER_SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return label
    head = data[:2048]
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "trang web (HTML)"
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<svg"):
        return "tệp XML/SVG"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = None
        # a multi-byte letter may be cut at the end of the sample
        try:
            text = head[:-3].decode("utf-8") if len(head) > 3 else None
        except UnicodeDecodeError:
            text = None
    if text is not None and all(c.isprintable() or c in "\r\n\t\f" for c in text):
        return "văn bản thuần (text)"
    return "dữ liệu không xác định"


def _pdf(data: bytes) -> int:
    """Check a PDF and return its page count."""
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(
            "damaged_file",
            "Tệp PDF bị hỏng hoặc không đầy đủ (thiếu phần kết thúc %%EOF); hãy quét hoặc "
            "xuất lại tệp.",
        )
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            if reader.encrypted:
                raise DocumentError(
                    "encrypted_pdf",
                    "Tệp PDF có mật khẩu hoặc bị mã hóa; hãy gửi bản không đặt mật khẩu.",
                )
            pages = int(reader.root["/Pages"]["/Count"])
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(
            "damaged_file", "Tệp PDF bị hỏng, không đọc được cấu trúc tài liệu."
        ) from exc
    if pages < 1:
        raise DocumentError("damaged_file", "Tệp PDF không có trang nào.")
    return pages


def _image(data: bytes, kind: str) -> tuple[int, int]:
    from PIL import Image

    label = LABELS[kind]
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()  # structure and checksums
        with Image.open(io.BytesIO(data)) as img:
            if img.format != label:
                raise DocumentError("damaged_file", f"Tệp {label} bị hỏng.")
            img.load()  # decodes every pixel: a truncated file fails here
            return img.size
    except DocumentError:
        raise
    except Image.DecompressionBombError as exc:
        raise DocumentError(
            "image_too_large", f"Ảnh {label} có kích thước điểm ảnh quá lớn."
        ) from exc
    except Exception as exc:
        raise DocumentError(
            "damaged_file", f"Tệp {label} bị hỏng hoặc không đầy đủ; hãy quét lại."
        ) from exc


def inspect(data: bytes, name: str = "") -> Inspected:
    """Validate ``data`` by content; raise :class:`DocumentError` with a Vietnamese message."""
    check_size(len(data))
    kind = sniff(data)
    if kind is None:
        raise DocumentError(
            "unsupported_type",
            f"Tệp không phải {ACCEPTED} (nội dung là {describe(data)}).",
            status=415,
        )
    notes: list[str] = []
    width = height = None
    pages = 1
    if kind == PDF:
        pages = _pdf(data)
    else:
        width, height = _image(data, kind)
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix and suffix not in NAME_ENDINGS[kind]:
        notes.append(
            f"Tên tệp có đuôi “{suffix}” nhưng nội dung là {LABELS[kind]}; "
            f"hệ thống ghi nhận theo nội dung ({LABELS[kind]})."
        )
    return Inspected(
        kind=kind, size=len(data), pages=pages, width=width, height=height, warnings=notes
    )


def read_upload(upload) -> bytes:
    """Read a Django ``UploadedFile`` after checking its declared size (never past the limit)."""
    size = getattr(upload, "size", None)
    if size is not None:
        check_size(size)
    data = upload.read(max_bytes() + 1)
    check_size(len(data))
    return data
