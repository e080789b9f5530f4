"""The SQLite store (sqlite-utils): schema migrations, WARC indexing, and writes of parsed reports."""

from .db import Store

__all__ = ["Store"]
