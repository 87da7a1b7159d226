"""The local store (SQLite) and the shared one (PostgreSQL): one schema, one migration history."""
