"""The Alembic migrations of the schema (env.py, versions/); run through storage.schema, no alembic.ini."""
