"""A reader for CRFsuite's model file and an exact Viterbi decoder in pure Python.

CRFsuite (``python-crfsuite``) writes a linear-chain CRF as an "lCRF" model:
a header, the features (type, source, destination, weight as a double), the
label and attribute names as CQDB string tables, and per label / per attribute
lists of feature ids. :func:`read_model` reads all of it with :mod:`struct`
(about 0.1 s for the NER model), which lets :mod:`rasad.ner` score sentences
itself from pre-resolved weights instead of handing attribute strings to
pycrfsuite.

Exactness: a label's state score is the sum, in the item's attribute order, of
the weights of the item's attributes that carry a feature for that label,
starting from 0.0 -- exactly the additions CRFsuite makes (``crf1dt_state_score``:
``state[l] += weight * 1.0``) -- and :func:`viterbi` makes the same additions
and comparisons, with the same tie-breaking (the lowest label index wins), as
``crf1dc_viterbi``. The tags are therefore identical to pycrfsuite's.
"""
from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = struct.Struct("<IIId")  # type, source, destination, weight
_FEATURE_STATE, _FEATURE_TRANS = 0, 1


@dataclass
class CRFModel:
    """Labels (by id), transition matrix ``trans[i][j]`` and ``attributes``: name -> ((label, weight), ...)."""

    labels: list[str]
    trans: list[list[float]]
    attributes: dict[str, tuple[tuple[int, float], ...]]


def _cqdb_strings(buf: bytes, off: int) -> list[str]:
    """The strings of a CQDB table, indexed by id (from its backward array)."""
    if buf[off:off + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<IIIII", buf, off + 4)
    out: list[str] = [""] * bwd_size
    base = off + bwd_offset
    for rec in struct.unpack_from(f"<{bwd_size}I", buf, base):
        if not rec:
            continue
        value, ksize = struct.unpack_from("<iI", buf, off + rec)
        start = off + rec + 8
        out[value] = buf[start:start + ksize - 1].decode("utf-8")
    return out


def read_model(path) -> CRFModel:
    """Read a CRFsuite "lCRF" model file written by python-crfsuite."""
    with open(path, "rb") as fh:
        buf = fh.read()
    (magic, _size, mtype, _version, _nf, num_labels, num_attrs, off_feat, off_labels, off_attrs,
     off_lrefs, off_arefs) = _HEADER.unpack_from(buf, 0)
    if magic != b"lCRF" or mtype != b"FOMC":
        raise ValueError(f"{path}: not a CRFsuite model")
    labels = _cqdb_strings(buf, off_labels)[:num_labels]
    attrs = _cqdb_strings(buf, off_attrs)[:num_attrs]
    if buf[off_feat:off_feat + 4] != b"FEAT":
        raise ValueError("no feature chunk")
    (n_feat,) = struct.unpack_from("<I", buf, off_feat + 8)
    feats = list(_FEATURE.iter_unpack(buf[off_feat + 12:off_feat + 12 + 20 * n_feat]))
    # transitions, from the label references (crf1dt_transition_score)
    trans = [[0.0] * num_labels for _ in range(num_labels)]
    lref_offsets = struct.unpack_from(f"<{num_labels}I", buf, off_lrefs + 12)
    for i, ref in enumerate(lref_offsets):
        (n,) = struct.unpack_from("<I", buf, ref)
        for fid in struct.unpack_from(f"<{n}I", buf, ref + 4):
            ftype, _src, dst, w = feats[fid]
            if ftype == _FEATURE_TRANS:
                trans[i][dst] = w
    # state features of each attribute, in reference order (crf1dt_state_score)
    attributes: dict[str, tuple[tuple[int, float], ...]] = {}
    aref_offsets = struct.unpack_from(f"<{num_attrs}I", buf, off_arefs + 12)
    for a, ref in enumerate(aref_offsets):
        (n,) = struct.unpack_from("<I", buf, ref)
        pairs = []
        for fid in struct.unpack_from(f"<{n}I", buf, ref + 4):
            ftype, _src, dst, w = feats[fid]
            if ftype == _FEATURE_STATE:
                pairs.append((dst, w))
        if pairs:
            attributes[attrs[a]] = tuple(pairs)
    return CRFModel(labels, trans, attributes)


def make_viterbi(trans: Sequence[Sequence[float]]):
    """A Viterbi decoder for ``trans``: ``decode(states) -> label ids``, as ``crf1dc_viterbi`` computes them.

    ``states`` is a list of per-position score lists. The forward pass keeps only the
    scores (``alpha[t][j] = max_i(alpha[t-1][i] + trans[i][j]) + state[t][j]``); the
    backward pass recomputes the one argmax it needs per position, the first maximum
    as CRFsuite's strict ``<`` keeps it. The code is generated for the label count with
    the transition weights as constants.
    """
    n = len(trans)
    ps = ", ".join(f"p{i}" for i in range(n))
    lines = ["def forward(states):",
             "    alpha = [states[0]]",
             "    append = alpha.append",
             f"    {ps}, = states[0]" if n > 1 else "    p0 = states[0][0]",
             "    for s in states[1:]:"]
    for j in range(n):
        terms = ", ".join(f"p{i} + {trans[i][j]!r}" for i in range(n))
        lines.append(f"        c{j} = {'max(' + terms + ')' if n > 1 else terms} + s[{j}]")
    cs = ", ".join(f"c{j}" for j in range(n))
    lines.append(f"        {ps}, = {cs}," if n > 1 else "        p0 = c0")
    lines.append(f"        append(({cs},))")
    lines.append("    return alpha")
    env: dict = {}
    exec("\n".join(lines), env)  # noqa: S102 - generated from floats only
    forward = env["forward"]
    cols = [tuple(trans[i][j] for i in range(n)) for j in range(n)]

    def decode(states: Sequence[Sequence[float]]) -> list[int]:
        if not states:
            return []
        alpha = forward(states)
        last = alpha[-1]
        best = 0
        m = last[0]
        for i in range(1, n):
            if m < last[i]:
                m, best = last[i], i
        out = [best] * len(alpha)
        for t in range(len(alpha) - 2, -1, -1):
            prev, col = alpha[t], cols[best]
            scores = [prev[i] + col[i] for i in range(n)]
            best = scores.index(max(scores))
            out[t] = best
        return out

    return decode





def pack(values: Sequence[float]) -> tuple[complex, ...]:
    """A vector of floats as complex numbers, two floats each (an odd one out gets 0.0 as its pair).

    The decoder sums packed vectors: adding two complex numbers adds their real parts and their
    imaginary parts, each one IEEE addition, so the sums are the very floats that adding the unpacked
    vectors item by item gives, in half the Python steps.
    """
    vals = [*values, 0.0] if len(values) % 2 else list(values)
    return tuple(complex(vals[i], vals[i + 1]) for i in range(0, len(vals), 2))


_U = 2.0 ** -53  # unit roundoff of a double
_SHORTCUT_MARGIN = 1e-6  # the forward shortcut's margin: >> the rounding error of scores below _SHORTCUT_LIMIT
_SHORTCUT_LIMIT = 1e7


def make_checked_viterbi(trans: Sequence[Sequence[float]], max_weight: float, common: int | None = None):
    """A faster decoder over scores summed in any order, with a proof that its tags are CRFsuite's.

    ``decode(*parts)`` takes per-position lists of vectors (``parts[k][t]``: L label scores and, as the
    last item, how many weights were summed into them, packed by :func:`pack`); position t's state scores
    are the sums of its vectors. Those sums may differ from CRFsuite's (which adds the weights one by one, in attribute
    order) by rounding only: at most ``2 u k^2 w`` for k weights of magnitude <= ``max_weight``. The
    decoder bounds how far every Viterbi score can have drifted from CRFsuite's through the whole
    sentence (see :func:`_drift`), and returns the path only when each decision on it (the final
    label, and each backward link) wins by more than twice that bound -- then CRFsuite's choices are
    the same ones, with no tie. Otherwise it returns None, and the caller scores the sentence exactly.

    ``common`` (the label that dominates most positions, "O"): the forward pass skips the maximum over
    predecessors for a label j when the common label's score leads every other one by more than
    ``D_j = max_i(trans[i][j] - trans[common][j])`` plus a margin far above the rounding error of the
    scores (bounded by ``_SHORTCUT_LIMIT``, above which the decoder declines the sentence): then the
    common label is the strict maximum and the value taken is bit for bit the one ``max`` returns.
    For a label j that other labels usually reach best (I-X, from B-X or I-X), the maximum is taken over
    those two and the common label only, when the common label leads the others by more than they can
    gain on it through ``trans[.][j]`` (plus the margin): the same value.
    """
    n = len(trans)
    short = {}  # label j -> the lead of the common label above which it is j's best predecessor
    narrow = {}  # label j -> (lead above which only these predecessors can be j's best, those labels)
    if common is not None and n > 2:
        for j in range(n):
            gain = [trans[i][j] - trans[common][j] for i in range(n)]
            d = max(gain[i] for i in range(n) if i != common)
            if d < 5.0:  # columns where the common label usually wins (not I-X after O)
                short[j] = d + _SHORTCUT_MARGIN
            else:  # I-X: only O, B-X and I-X are usually in the running
                keep = sorted([i for i in range(n) if i != common], key=lambda i: -gain[i])[:2]
                rest = [gain[i] for i in range(n) if i != common and i not in keep]
                if rest:
                    narrow[j] = (max(rest) + _SHORTCUT_MARGIN, sorted([common, *keep]))
    nparts_names = "P, L, R, PP, NN, CL, CR"
    names = [x.strip() for x in nparts_names.split(",")]
    ps = ", ".join(f"p{i}" for i in range(n))
    lines = [f"def forward({nparts_names}):",
             f"    it = zip({nparts_names})",
             f"    {', '.join(names)} = next(it)"]

    width = (n + 2) // 2  # complex numbers per packed vector (see :func:`pack`)

    def state_lines(indent: str) -> list[str]:
        out = []
        for k, nm in enumerate(names):
            out.append(f"{indent}{', '.join(f'v{k}_{j}' for j in range(width))}, = {nm}")
        for j in range(width):
            out.append(f"{indent}z{j} = " + " + ".join(f"v{k}_{j}" for k in range(len(names))))
        out.append(indent + "; ".join(f"s{j} = z{j // 2}.{'imag' if j % 2 else 'real'}" for j in range(n + 1)))
        return out

    lines += state_lines("    ")
    lines.append(f"    {ps}, = {', '.join(f's{j}' for j in range(n))},")
    lines.append(f"    km = s{n}")
    lines.append(f"    alpha = [({ps},)]")
    lines.append("    append = alpha.append")
    lines.append("    gaps = []  # the common label's lead at each position but the last")
    lines.append("    gappend = gaps.append")
    lines.append(f"    for {', '.join(names)} in it:")
    lines += state_lines("        ")
    lines.append(f"        if s{n} > km:")
    lines.append(f"            km = s{n}")
    if short:
        others = ", ".join(f"p{i}" for i in range(n) if i != common)
        lines.append(f"        g = p{common} - max({others})")
        lines.append("        gappend(g)")
    for j in range(n):
        terms = ", ".join(f"p{i} + {trans[i][j]!r}" for i in range(n))
        if j in short:
            lines.append(f"        c{j} = (p{common} + {trans[common][j]!r} if g > {short[j]!r} else max({terms}))"
                         f" + s{j}")
        elif short and j in narrow:
            lead, keep = narrow[j]
            few = ", ".join(f"p{i} + {trans[i][j]!r}" for i in keep)
            lines.append(f"        c{j} = (max({few}) if g > {lead!r} else max({terms})) + s{j}")
        else:
            lines.append(f"        c{j} = max({terms}) + s{j}")
    cs = ", ".join(f"c{j}" for j in range(n))
    lines.append(f"        {ps}, = {cs},")
    lines.append(f"        append(({cs},))")
    lines.append("    return alpha, km, gaps")
    env: dict = {}
    exec("\n".join(lines), env)  # noqa: S102 - generated from floats only
    forward = env["forward"]
    # column j of the backward pass: the scores of coming to label j from each label of the previous position
    into = []
    for j in range(n):
        body = ", ".join(f"a[{i}] + {trans[i][j]!r}" for i in range(n))
        into.append(eval(f"lambda a: [{body}]"))  # noqa: S307 - generated from floats only
    max_trans = max(abs(w) for row in trans for w in row)
    ninf = float("-inf")
    thresholds = [short.get(j, float("inf")) for j in range(n)]

    def decode(*parts) -> list[int] | None:
        length = len(parts[0])
        if not length:
            return []
        alpha, km, gaps = forward(*parts)
        # |scores| <= bound; drift of every alpha value <= drift (see the docstring)
        bound = length * (km * max_weight + max_trans) + 1.0
        if bound > _SHORTCUT_LIMIT:
            return None
        drift = length * (2.0001 * _U * km * km * max_weight + 4.0 * _U * bound)
        tol = 4.0 * (drift + 2.0 * _U * bound) + 1e-12
        last = list(alpha[-1])
        m = max(last)
        best = last.index(m)
        last[best] = ninf
        if m - max(last) <= tol:
            return None
        out = [best] * length
        # where the forward pass took the shortcut into ``best``, the common label leads by more than the margin
        skip = gaps if short and tol < 0.25 * _SHORTCUT_MARGIN else ()
        for t in range(length - 2, -1, -1):
            if skip and skip[t] > thresholds[best]:
                best = common
                out[t] = best
                continue
            scores = into[best](alpha[t])
            m = max(scores)
            best = scores.index(m)
            scores[best] = ninf
            if m - max(scores) <= tol:
                return None
            out[t] = best
        return out

    return decode
__all__ = ["CRFModel", "make_checked_viterbi", "make_viterbi", "pack", "read_model"]
