"""PostgreSQL: a text-search configuration that folds Vietnamese diacritics.

Copied from "simple" (no stemming suits Vietnamese syllables), with word mappings
that run unaccent first, so "truong" matches "Trường" and "dong" matches "Đồng".
Created in a migration because a hand-made config would be missing from test databases.
No-op on SQLite, where the folded copy of each page's text gives the same behaviour.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vietnamese_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION vietnamese_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION vietnamese_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""

BACKWARD = "DROP TEXT SEARCH CONFIGURATION IF EXISTS vietnamese_unaccent;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
