"""Bulk writers for the synthetic province: COPY on PostgreSQL, big executemany on SQLite.

Rows are plain tuples in the order of the columns a :class:`Table` names (model attnames);
every other concrete column gets its Django default once per table, so the generated rows
satisfy the schema's NOT NULL columns, checks and indexes exactly as the models declare them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


class Table:
    """Buffered writer of one model's rows (flushes every ``batch`` rows)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], batch: int = 50_000):
        self.model = model
        meta = model._meta
        fields = {f.attname: f for f in meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{meta.label}: unknown columns {unknown}")
        self.columns = list(columns)
        self.extra: list[tuple[str, Any]] = []
        for attname, f in fields.items():
            if attname in self.columns or (f.primary_key and attname not in self.columns):
                continue
            default = f.get_default() if f.has_default() or f.null or f.blank else None
            if default is None and not f.null:
                raise ValueError(f"{meta.label}.{attname} needs a value (NOT NULL, no default)")
            self.extra.append((f.column, default))
        self.db_columns = [fields[c].column for c in self.columns] + [c for c, _ in self.extra]
        self.tail = tuple(v for _, v in self.extra)
        kinds = [fields[c] for c in self.columns]
        self._dt = [i for i, f in enumerate(kinds) if isinstance(f, models.DateTimeField)]
        self._json = [i for i, f in enumerate(kinds) if isinstance(f, models.JSONField)]
        self._json_tail = any(isinstance(v, dict | list) for v in self.tail)
        if self._json_tail:
            self.tail = tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in self.tail)
        self.rows: list[tuple] = []
        self.batch = batch
        self.written = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        write(self, self.rows)
        self.written += len(self.rows)
        self.rows = []


_DT_CACHE: dict = {}


def _adapt_cached(value):
    """Django's SQLite datetime text, memoised (generated instants repeat a lot)."""
    out = _DT_CACHE.get(value)
    if out is None:
        if len(_DT_CACHE) > 2_000_000:
            _DT_CACHE.clear()
        out = _DT_CACHE[value] = connection.ops.adapt_datetimefield_value(value)
    return out


def _sqlite_rows(table: Table, rows: Iterable[tuple]) -> Iterable[tuple]:
    adapt = _adapt_cached
    dt, js, tail = table._dt, table._json, table.tail
    for row in rows:
        r = list(row)
        for i in dt:
            if r[i] is not None:
                r[i] = adapt(r[i])
        for i in js:
            r[i] = json.dumps(r[i], ensure_ascii=False)
        yield (*r, *tail)


def write(table: Table, rows: list[tuple]) -> None:
    name = connection.ops.quote_name(table.model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in table.db_columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            js, tail = table._json, table.tail
            with cur.cursor.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    if js:
                        row = list(row)
                        for i in js:
                            row[i] = json.dumps(row[i], ensure_ascii=False)
                    copy.write_row((*row, *tail))
        else:
            marks = ", ".join(["%s"] * len(table.db_columns))
            cur.executemany(
                f"INSERT INTO {name} ({cols}) VALUES ({marks})", list(_sqlite_rows(table, rows))
            )


def next_id(model: type[models.Model]) -> int:
    """The first free integer primary key of ``model`` (ids are assigned by the generator)."""
    top = model.objects.aggregate(m=models.Max("pk"))["m"]
    return (top or 0) + 1


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After explicit ids, move PostgreSQL's identity sequences past them (no-op on SQLite)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        for m in models_:
            pk = m._meta.pk
            if not isinstance(pk, models.AutoField | models.BigAutoField):
                continue
            t = m._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"COALESCE((SELECT MAX({pk.column}) FROM {connection.ops.quote_name(t)}), 1))",
                [t, pk.column],
            )
