import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = ROOT / "src" / "rasad" / "sample" / "defapress_620924.txt"
FARSNEWS = SHARED / "data" / "news" / "farsnews"


def need_shared(path: Path) -> Path:
    """Skip the calling test, with the reason, when ../shared data is absent."""
    if not path.exists():
        pytest.skip(f"needs {path} (the ../shared folder CI provides); absent in this checkout")
    return path


@pytest.fixture
def db(tmp_path):
    from rasad.store import Store

    with Store(tmp_path / "test.db") as store:
        yield store


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch):
    monkeypatch.delenv("RASAD_DB", raising=False)
    os.environ.setdefault("TQDM_DISABLE", "1")
