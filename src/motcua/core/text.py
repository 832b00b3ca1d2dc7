"""Vietnamese text helpers: accent folding for search (tìm kiếm không dấu)."""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Fold Vietnamese text for accent- and case-insensitive matching.

    NFD-normalise, drop combining marks, map đ/Đ (and Ð) to d, lower-case and collapse white
    space. Agrees with PostgreSQL's ``unaccent`` + ``lower`` on every Vietnamese letter, and folds
    old and new tone placement (hoà / hòa) and NFD input alike.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.translate(_D_MAP)).strip().lower()
