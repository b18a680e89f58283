"""Rebuild the ZWNJ lexicon files in ``src/rasad/data/`` from a hazm wheel.

    /root/.pyenv/versions/3.12.1/bin/python -m pip download --no-deps hazm==0.12.1 -d /tmp/hazm
    python3 bench/zwnj_build_data.py /tmp/hazm/hazm-0.12.1-py3-none-any.whl

Writes ``zwnj_words.tsv.gz`` (hazm's ``data/words.dat``: word, frequency,
POS tags) and ``zwnj_verbs.tsv`` (hazm's ``data/verbs.dat``: past#present
stems), each with a header naming the source and carrying hazm's MIT licence
notice. The hand-written files (``zwnj_affixes.tsv``, ``compounds.txt``) are
not touched.
"""

from __future__ import annotations

import gzip
import sys
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "rasad" / "data"


def header(wheel: zipfile.ZipFile, member: str, fields: str) -> str:
    version = Path(wheel.filename or "").name.split("-")[1]
    lic = next(n for n in wheel.namelist() if n.endswith("LICENSE"))
    lines = [
        f"# Source: hazm {version} (https://github.com/roshan-research/hazm), file {member}.",
        "# Used by rasad.zwnj (ZWNJ repair). Redistributed under hazm's MIT licence:",
        "#",
    ]
    lines += [f"# {ln}".rstrip() for ln in wheel.read(lic).decode("utf-8").splitlines()]
    lines += ["#", f"# Fields: {fields}"]
    return "\n".join(lines) + "\n"


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        words = wheel.read("hazm/data/words.dat").decode("utf-8")
        verbs = wheel.read("hazm/data/verbs.dat").decode("utf-8")
        words_head = header(wheel, "hazm/data/words.dat", "word<TAB>corpus frequency<TAB>POS tags (0 = none)")
        verbs_head = header(wheel, "hazm/data/verbs.dat", "past stem#present stem (one verb a line)")
    # mtime=0: byte-identical output for identical input
    with (
        open(DATA / "zwnj_words.tsv.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f,
    ):
        f.write((words_head + words.rstrip("\n") + "\n").encode("utf-8"))
    (DATA / "zwnj_verbs.tsv").write_text(verbs_head + verbs.rstrip("\n") + "\n", encoding="utf-8")
    print("wrote", DATA / "zwnj_words.tsv.gz", DATA / "zwnj_verbs.tsv")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
