"""Search: text normalisation shared by indexing and querying, on SQLite and PostgreSQL."""
