"""The Alembic migrations of the schema, run through storage.schema (no alembic.ini). A change to
storage/tables.py comes with a new versions/NNNN_name.py (down_revision = the previous one);
tests/storage/test_schema.py checks that the migrated database matches the models."""
