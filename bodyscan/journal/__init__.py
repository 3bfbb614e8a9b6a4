"""The journal: sessions and check-ins in a local SQLite file that never loses an entry."""
