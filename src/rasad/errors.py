"""Errors you can look up.

Every error Rasad records carries a code (``R1xx`` reading, ``R2xx`` parsing,
``R3xx`` storage, ``R9xx`` internal), the source it concerns and the stage
that raised it. ``str(error)`` is one line: ``[R101] path: reason``.
The codes are listed in ``docs/errors.md``.

    RasadError
    ├── ReadError        could not read or decode the input (R1xx)
    ├── ParseError       read, but no article in it (R2xx)
    ├── StorageError     the database refused (R3xx)
    └── StageError       a pipeline stage failed on one article (R9xx)
"""
from __future__ import annotations


class RasadError(Exception):
    code = "R000"
    stage = ""

    def __init__(self, reason: str, source: str = "", *, code: str | None = None, stage: str | None = None):
        self.reason = " ".join(str(reason).split())  # always one line
        self.source = source
        if code:
            self.code = code
        if stage:
            self.stage = stage
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.reason}"


class ReadError(RasadError):
    code = "R100"
    stage = "read"


class ParseError(RasadError):
    code = "R200"
    stage = "parse"


class StorageError(RasadError):
    code = "R300"
    stage = "store"


class StageError(RasadError):
    code = "R900"
