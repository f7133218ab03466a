"""NumPy's parameter names, which torch's built-in functions and methods accept: ``axis`` for ``dim`` and
``keepdims`` for ``keepdim`` (``x.sum(axis=0)``, ``torch.mean(x, axis=1, keepdims=True)``)."""

from __future__ import annotations

from .harness import OpCase, make_tests

FAMILY = "numpy_names"
M = [(3, 4)]

CASES = [OpCase(name, fn, inputs) for name, fn, inputs in [
    ("sum_axis", lambda T, a: a.sum(axis=1), M),
    ("sum_axis_keepdims", lambda T, a: a.sum(axis=0, keepdims=True), M),
    ("top_sum_axis", lambda T, a: T.sum(a, axis=1), M),
    ("mean_axis_keepdims", lambda T, a: T.mean(a, axis=1, keepdims=True), M),
    ("max_axis", lambda T, a: a.max(axis=1).values, M),
    ("min_axis_keepdims", lambda T, a: a.min(axis=0, keepdims=True).values, M),
    ("amax_axis", lambda T, a: a.amax(axis=1), M),
    ("argmax_axis", lambda T, a: a.argmax(axis=1), M),
    ("std_axis", lambda T, a: a.std(axis=1), M),
    ("var_axis_keepdims", lambda T, a: T.var(a, axis=0, keepdims=True), M),
    ("prod_axis", lambda T, a: a.prod(axis=1), M),
    ("logsumexp_axis", lambda T, a: T.logsumexp(a, axis=1), M),
    ("cumsum_axis", lambda T, a: a.cumsum(axis=1), M),
    ("softmax_axis", lambda T, a: a.softmax(axis=1), M),
    ("log_softmax_axis", lambda T, a: T.log_softmax(a, axis=0), M),
    ("stack_axis", lambda T, a: T.stack([a, a], axis=1), M),
    ("cat_axis", lambda T, a: T.cat([a, a], axis=1), M),
    ("unsqueeze_axis", lambda T, a: a.unsqueeze(axis=0), M),
    ("squeeze_axis", lambda T, a: a.reshape(3, 1, 4).squeeze(axis=1), M),
    ("norm_axis", lambda T, a: a.norm(dim=1, keepdim=True), M),
    ("all_axis", lambda T, a: (a > 0).all(axis=1), M),
    ("any_axis_keepdims", lambda T, a: (a > 0).any(axis=0, keepdims=True), M),
]]

globals().update(make_tests(FAMILY, CASES))
