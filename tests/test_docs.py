"""Docs that tests keep honest: commands and error codes are documented."""
import re
from pathlib import Path

from rasad.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"rasad {name}" in readme, f"`rasad {name}` is not documented in README.md"


def test_every_error_code_documented():
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = set()
    for path in (ROOT / "src" / "rasad").rglob("*.py"):
        codes |= set(re.findall(r"""code\s*=\s*["'](R\d{3})["']""", path.read_text(encoding="utf-8")))
    assert codes, "no codes found: the pattern is out of date"
    missing = sorted(c for c in codes if f"| {c} |" not in doc)
    assert not missing, f"error codes missing from docs/errors.md: {missing}"


def test_architecture_names_real_modules():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in re.findall(r"`([a-z_/]+\.py)`", doc):
        candidates = list((ROOT / "src" / "rasad").rglob(Path(name).name))
        assert candidates, f"docs/architecture.md names {name}, which does not exist"
