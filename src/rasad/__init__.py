"""Rasad (رصد): structured, searchable knowledge from Persian news.

The public API::

    from rasad import Article, Store, default_pipeline, ingest, normalize, read_file
"""
from .article import Article, Source, Span
from .errors import ParseError, RasadError, ReadError, StageError, StorageError
from .ingest import IngestReport, ingest, store_items
from .normalize import Normalized, fold, normalize, normalize_text, search_form
from .pipeline import Pipeline, Stage, default_pipeline
from .readers import read_bytes, read_file
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Article", "IngestReport", "Normalized", "ParseError", "Pipeline", "RasadError", "ReadError", "Source",
    "Span", "Stage", "StageError", "StorageError", "Store", "__version__", "default_pipeline", "fold", "ingest",
    "normalize", "normalize_text", "read_bytes", "read_file", "search_form", "store_items",
]
