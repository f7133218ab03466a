"""Tensor ``repr`` text, reproducing ``torch/_tensor_str.py`` character for character.

The layout rules mirrored here (torch 2.13):

* One formatter per tensor decides an element width from the values it inspects (all of them, or only the
  edge items once the tensor is summarised).  Floats look only at the nonzero finite values: when they are all
  whole numbers the tensor prints in "int mode" (``1.``, ``-0.``); scientific notation is chosen when
  max/min > 1000, max > 1e8 or min < 1e-4 (on absolute values), unless ``sci_mode`` forces it.
* Rows wrap at ``linewidth`` with ``floor((linewidth - indent) / (width + 2))`` elements a line; nested
  dimensions are separated by ``dim - 1`` newlines and indented one column per level.
* Tensors with more than ``threshold`` elements show ``edgeitems`` items at each end of every long dimension.
* Suffixes (``size=``, ``dtype=``, then the caller's ``grad_fn=``/``requires_grad=``) follow ``, ``, or
  move to a new line when the current one would pass ``linewidth``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from torchless._dtype import bool as bool_
from torchless._dtype import get_default_dtype, int64

__all__ = ["PRINT_OPTS", "format_tensor", "get_printoptions", "printoptions", "set_printoptions"]


@dataclasses.dataclass
class _PrinterOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


PRINT_OPTS = _PrinterOptions()

# profile name -> (precision, threshold, edgeitems, linewidth)
_PROFILES: dict[str, tuple[int, float, int, int]] = {
    "default": (4, 1000, 3, 80),
    "short": (2, 1000, 2, 80),
    "full": (4, math.inf, 3, 80),
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """torch.set_printoptions: a profile first, then the explicit options; ``sci_mode`` is always assigned."""
    if profile in _PROFILES:  # torch silently ignores unknown profiles
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = _PROFILES[profile]
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """The current options, as keyword arguments that ``set_printoptions`` accepts."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Temporarily change the print options (torch.printoptions)."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


# ----------------------------------------------------------------------------------------------------------------
# element formatter (torch._tensor_str._Formatter)

_Formatter = tuple[Callable[[Any], str], int]  # (format one Python scalar, element width)


def _width_candidates(vals: np.ndarray) -> list:
    """Values whose formatted text is the longest possible among ``vals``.

    Fixed-point text length grows with |v|, and scientific text length with |exponent|, so the extremes of each
    sign suffice; small arrays are just returned whole.
    """
    if vals.size <= 16:
        return vals.tolist()
    pos = vals[vals > 0]
    neg = vals[vals < 0]
    out = []
    if pos.size:
        out += [pos.min().item(), pos.max().item()]
    if neg.size:
        out += [neg.min().item(), neg.max().item()]
    return out


def _make_formatter(sample: np.ndarray, floating: bool) -> _Formatter:
    """Build the element formatter from the values torch's _Formatter would inspect (``sample``)."""
    if not floating:
        width = 1
        if sample.size:
            width = max(1, len(str(sample.min().item())), len(str(sample.max().item())))
        return (lambda v: str(v).rjust(width)), width

    precision = PRINT_OPTS.precision
    flat = sample.reshape(-1)
    with np.errstate(invalid="ignore"):
        vals = flat[np.isfinite(flat) & (flat != 0)]
    if vals.size == 0:  # nothing to measure: int mode, fixed point, width 1
        return _int_mode_format(1), 1

    absv = np.abs(vals)
    vmin = float(absv.min())
    vmax = float(absv.max())
    int_mode = bool(np.all(vals == np.ceil(vals)))
    if PRINT_OPTS.sci_mode is None:
        sci_mode = vmax / vmin > 1000.0 or vmax > 1.0e8 or vmin < 1.0e-4
    else:
        sci_mode = PRINT_OPTS.sci_mode

    cands = _width_candidates(vals)
    if sci_mode:
        spec = f".{precision}e"
        width = max(1, *(len(format(v, spec)) for v in cands))
        full_spec = f"{width}.{precision}e"
        return (lambda v: format(v, full_spec).rjust(width)), width
    if int_mode:
        width = max(1, *(len(format(v, ".0f")) + 1 for v in cands))
        return _int_mode_format(width), width
    spec = f".{precision}f"
    width = max(1, *(len(format(v, spec)) for v in cands))
    return (lambda v: format(v, spec).rjust(width)), width


def _int_mode_format(width: int) -> Callable[[Any], str]:
    """Whole-number floats print as ``3.``; nan and inf get no trailing dot."""

    def fmt(v: float) -> str:
        text = format(v, ".0f")
        if math.isfinite(v):
            text += "."
        return text.rjust(width)

    return fmt


def _summarized_data(data: np.ndarray, edge: int) -> np.ndarray:
    """The elements a summarised print shows (torch.get_summarized_data), used to size the formatter."""
    if data.ndim == 0:
        return data
    if data.ndim == 1:
        # like torch, edge == 0 gives data[:0] + data[-0:], i.e. everything
        return np.concatenate((data[:edge], data[-edge:])) if data.shape[0] > 2 * edge else data
    if not edge:
        return np.empty((0,) * data.ndim, data.dtype)
    n = data.shape[0]
    rows = [*range(edge), *range(n - edge, n)] if n > 2 * edge else range(n)
    return np.stack([_summarized_data(data[i], edge) for i in rows])


# ----------------------------------------------------------------------------------------------------------------
# layout


def _vector_str(data: np.ndarray, indent: int, summarize: bool, formatter: _Formatter) -> str:
    fmt, width = formatter
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / (width + 2)))
    edge = PRINT_OPTS.edgeitems
    if summarize and not edge:
        items = ["..."]
    elif summarize and data.shape[0] > 2 * edge:
        items = [fmt(v) for v in data[:edge].tolist()] + [" ..."] + [fmt(v) for v in data[-edge:].tolist()]
    else:
        items = [fmt(v) for v in data.tolist()]
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(data: np.ndarray, indent: int, summarize: bool, formatter: _Formatter) -> str:
    ndim = data.ndim
    if ndim == 0:
        return formatter[0](data.item())
    if ndim == 1:
        return _vector_str(data, indent, summarize, formatter)
    n = data.shape[0]
    edge = PRINT_OPTS.edgeitems
    if summarize and n > 2 * edge:
        slices = [_nested_str(data[i], indent + 1, summarize, formatter) for i in range(edge)]
        slices.append("...")
        slices += [_nested_str(data[i], indent + 1, summarize, formatter) for i in range(n - edge, n)]
    else:
        slices = [_nested_str(data[i], indent + 1, summarize, formatter) for i in range(n)]
    return "[" + ("," + "\n" * (ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(data: np.ndarray, indent: int, floating: bool) -> str:
    summarize = data.size > PRINT_OPTS.threshold
    sample = _summarized_data(data, PRINT_OPTS.edgeitems) if summarize else data
    return _nested_str(data, indent, summarize, _make_formatter(sample, floating))


def _add_suffixes(tensor_str: str, suffixes: Sequence[str], indent: int) -> str:
    parts = [tensor_str]
    # torch's estimate of the last line's length (it over-counts by two; kept for identical wrapping)
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def format_tensor(data: np.ndarray, dtype, suffixes: Sequence[str] = (), prefix: str = "tensor(") -> str:
    """torch's ``repr`` of a dense CPU tensor holding ``data`` with torchless ``dtype``.

    ``suffixes`` (e.g. ``"grad_fn=<MulBackward0>"``) follow the ``size=``/``dtype=`` suffixes this function adds.
    Text in ``prefix`` up to its last newline (``"Parameter containing:\\n"``) is a header line: the indent
    comes from what follows it, as in torch.
    """
    head, newline, prefix = prefix.rpartition("\n")
    indent = len(prefix)
    extra: list[str] = []
    if data.size == 0:
        if data.ndim != 1:
            extra.append(f"size={tuple(data.shape)}")
        # no elements to tell an int64 tensor from a float one, so any non-default dtype is shown
        if dtype != get_default_dtype():
            extra.append(f"dtype={dtype!r}")
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            extra.append(f"size={tuple(data.shape)}")
        if dtype != get_default_dtype() and dtype != int64 and dtype != bool_:
            extra.append(f"dtype={dtype!r}")
        body = _tensor_str(data, indent, dtype.is_floating_point)
    if suffixes:
        extra += suffixes
    return head + newline + _add_suffixes(prefix + body, extra, indent)
