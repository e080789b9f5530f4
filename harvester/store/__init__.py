"""The SQLite store (sqlite-utils): schema migrations, WARC indexing, and writes of parsed reports."""

import sys

if "numpy" not in sys.modules:
    # sqlite-utils imports numpy when it is installed (the OCR stack installs it), to store numpy values; the
    # store never writes any, and the import costs every command 40-60 ms. Hidden for that one import only.
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]

from .db import Store  # noqa: E402

__all__ = ["Store"]
