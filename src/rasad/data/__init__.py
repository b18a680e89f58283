"""Data files (lexicons, tables, site rules) shipped with Rasad."""
from pathlib import Path

DATA_DIR = Path(__file__).parent


def data_path(name: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("letters.tsv")``."""
    return DATA_DIR / name
