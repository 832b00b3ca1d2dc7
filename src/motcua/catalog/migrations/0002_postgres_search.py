"""PostgreSQL search support: unaccent + pg_trgm, an immutable unaccent wrapper, and a GIN
trigram index on the folded procedure name that serves ``LIKE '%…%'`` searches.

SQLite needs none of this: the folded column alone gives the same results there.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is STABLE; an IMMUTABLE wrapper pinned to the dictionary can be indexed.
    """CREATE OR REPLACE FUNCTION motcua_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    """CREATE INDEX IF NOT EXISTS catalog_procedure_name_trgm
       ON catalog_procedure USING gin (name_folded gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS directory_adminunit_name_trgm
       ON directory_adminunit USING gin (name_folded gin_trgm_ops)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS directory_adminunit_name_trgm",
    "DROP INDEX IF EXISTS catalog_procedure_name_trgm",
    "DROP FUNCTION IF EXISTS motcua_unaccent(text)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial"), ("directory", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
