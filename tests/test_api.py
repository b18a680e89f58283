"""The public API: what `import rasad` exports, and the pipeline's contracts."""
import pytest

import rasad
from rasad.article import Article, Source
from rasad.errors import StageError
from rasad.pipeline import Pipeline, Stage


def test_exported_members():
    public = {n for n in dir(rasad) if not n.startswith("_") and not isinstance(getattr(rasad, n), type(rasad))}
    assert set(rasad.__all__) == public | {"__version__"}
    for name in rasad.__all__:
        assert hasattr(rasad, name), name


def test_stage_order_checked_when_built():
    with pytest.raises(ValueError, match="E001"):
        Pipeline([Stage("dates", lambda a: a, requires=("text",), provides=("published",))])


def test_stage_returning_wrong_type_is_an_error():
    p = Pipeline([Stage("bad", lambda a: None)])
    art = Article(Source("x.txt"), raw="متن")
    with pytest.raises(StageError) as e:
        p(art)
    assert e.value.code == "R902" and e.value.stage == "bad" and "x.txt" in str(e.value)


def test_failing_stage_becomes_recorded_error_and_batch_goes_on():
    def boom(a):
        if a.raw == "بد":
            raise KeyError("oops")
        return a

    p = Pipeline([Stage("boom", boom)])
    arts = [Article(Source("a"), raw="خوب"), Article(Source("b"), raw="بد"), Article(Source("c"), raw="خوب")]
    out = list(p.pipe(arts))
    assert [type(x).__name__ for x in out] == ["Article", "StageError", "Article"]
    assert out[1].code == "R901" and out[1].stage == "boom" and out[0].stages == ["boom"]
