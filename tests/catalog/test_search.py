"""Search with or without diacritics, same results on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import search_procedures
from motcua.core.text import fold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "khai sinh",
        "dang ky khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "Đăng ký khai sinh",
        "dang ky khai si",
        "  đăng   ký khai sinh ",
    ],
)
def test_dang_ky_khai_sinh_first(query):
    results = list(search_procedures(query, on=timezone.localdate())[:5])
    assert results, query
    if "khai si" in query and "sinh" not in query:
        assert any(p.name == "Đăng ký khai sinh" for p in results)
    else:
        assert results[0].name == "Đăng ký khai sinh", [p.name for p in results]


def test_several_khai_sinh_procedures_found():
    names = [p.name for p in search_procedures("khai sinh", on=timezone.localdate())]
    assert len(names) >= 2
    assert all("khai sinh" in fold(n) for n in names)


def test_search_by_code():
    assert (
        next(p.code for p in search_procedures("1.001193", on=timezone.localdate())) == "1.001193"
    )


def test_filters():
    today = timezone.localdate()
    commune = search_procedures("", on=today, level="commune")
    assert commune.exists() and not commune.exclude(level="commune").exists()
    health = search_procedures("", on=today, agency_type="so-y-te")
    assert health.exists()
    assert all(p.level == "province" for p in health)


def test_no_match():
    assert not search_procedures("xyzxyz khong co", on=timezone.localdate()).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL unaccent")
def test_folded_column_agrees_with_postgres_unaccent():
    with connection.cursor() as cur:
        cur.execute("SELECT name, lower(motcua_unaccent(name)) FROM catalog_procedure")
        rows = cur.fetchall()
    assert rows
    for name, pg in rows:
        assert fold(name) == " ".join(pg.split()), name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigram index")
def test_trigram_index_exists():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_procedure_name_trgm'"
        )
        assert "gin_trgm_ops" in cur.fetchone()[0]


def test_inactive_procedure_not_listed():
    p = Procedure.objects.get(code="1.001193")
    p.versions.update(status="draft")
    assert not search_procedures("khai sinh", on=timezone.localdate()).filter(pk=p.pk).exists()
