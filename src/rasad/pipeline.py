"""Stages and the pipeline that runs them.

Each stage is a function ``Article -> Article`` that declares what it
reads and writes. :class:`Pipeline` checks the order when it is built (a
stage whose inputs nobody provides fails at once, not halfway through a
batch) and checks each stage's output type when it runs. :meth:`Pipeline.pipe`
runs a stream of articles and turns a failing article into a
:class:`~rasad.errors.StageError` for the caller to record, so the rest of
the batch goes on.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .article import Article
from .errors import RasadError, StageError

READER_PROVIDES = ("raw", "layout", "fields")


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Article], Article]
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


class Pipeline:
    def __init__(self, stages: list[Stage]):
        have = set(READER_PROVIDES)
        for stage in stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise ValueError(f"[E001] stage {stage.name!r} requires {missing}, which no earlier stage provides")
            have.update(stage.provides)
        self.stages = stages

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Article:
        for stage in self.stages:
            try:
                result = stage.func(article)
            except RasadError:
                raise
            except Exception as e:  # noqa: BLE001 - any bug in a stage becomes a recorded failure
                raise StageError(f"{type(e).__name__}: {e}", article.source.ref, code="R901", stage=stage.name) from e
            if not isinstance(result, Article):
                raise StageError(f"stage returned {type(result).__name__}, not Article",
                                 article.source.ref, code="R902", stage=stage.name)
            result.stages.append(stage.name)
            article = result
        return article

    def pipe(self, items: Iterable[Article | RasadError]) -> Iterator[Article | RasadError]:
        """Run every article; pass reader errors through; a failing article becomes its error."""
        for item in items:
            if isinstance(item, RasadError):
                yield item
                continue
            try:
                yield self(item)
            except RasadError as e:
                yield e


def default_pipeline() -> Pipeline:
    """The stages every ingested article goes through, in order."""
    from .events import events_stage
    from .ner import entities_stage
    from .people import people_stage
    from .quotes import quotes_stage
    from .stages import dates_stage, normalize_stage

    return Pipeline([
        Stage("normalize", normalize_stage, requires=("raw", "layout"), provides=("text", "offsets", "fields")),
        Stage("dates", dates_stage, requires=("text", "fields"), provides=("published", "dates")),
        Stage("entities", entities_stage, requires=("text", "layout"), provides=("sentences", "entities")),
        Stage("people", people_stage, requires=("entities",), provides=("people", "mentions", "roles")),
        Stage("quotes", quotes_stage, requires=("mentions", "sentences"), provides=("quotes",)),
        Stage("events", events_stage, requires=("mentions", "dates", "quotes"), provides=("events",)),
    ])
