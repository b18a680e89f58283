"""Embedded SQLite storage and search."""
from .db import Hit, SearchResult, Store, default_db_path

__all__ = ["Hit", "SearchResult", "Store", "default_db_path"]
