"""Anomaly detection: remember where each node was made, and name the node whose backward failed.

While enabled, every node records the Python stack of the forward call that created it
(``node.metadata["traceback_"]``). When a node's backward raises, or (with ``check_nan``) returns NaN, the engine
warns with that stack before the error propagates, as torch does. Disabled, it costs one flag check per node.
"""

from __future__ import annotations

import os
import traceback
import warnings

import numpy as np

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled"]

# [enabled, check_nan, node whose backward is running (the parent of nodes made under create_graph)]
_state = [False, True, None]
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def is_anomaly_enabled() -> bool:
    """True while anomaly detection is on."""
    return _state[0]


def is_anomaly_check_nan_enabled() -> bool:
    """True when anomaly detection also checks every backward output for NaN."""
    return _state[1]


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    _state[0] = bool(enabled)
    _state[1] = bool(check_nan)
    _install(_state[0])


class detect_anomaly:  # noqa: N801 - torch's name
    """Context manager that turns anomaly detection on (with a warning: it slows every op down)."""

    def __init__(self, check_nan: bool = True) -> None:
        self.prev, self.prev_check_nan = _state[0], _state[1]
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only be "
                      "enabled for debugging.", stacklevel=2)

    def __enter__(self) -> None:
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc) -> None:
        set_anomaly_enabled(self.prev, self.prev_check_nan)


class set_detect_anomaly:  # noqa: N801 - torch's name
    """Turn anomaly detection on or off: at once when called, restored at the end of a ``with`` block."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev, self.prev_check_nan = _state[0], _state[1]
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        set_anomaly_enabled(self.prev, self.prev_check_nan)


# -- recording (forward) ---------------------------------------------------------------------------------------
def record(node) -> None:
    """Attach the user's stack (torchless's own frames left out) to a node made while anomaly mode is on."""
    stack = [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith(_PACKAGE)]
    meta = {"traceback_": traceback.format_list(stack)}
    parent = _state[2]
    if parent is not None and parent.metadata:
        meta["parent_"] = parent
    node.metadata = meta


def _install(on: bool) -> None:
    """Make ``ops._op._record`` call :func:`record` while anomaly mode is on (free when it is off).

    ``_record`` lives in a module this package does not own; swapping it in and out keeps the per-op cost of a
    disabled anomaly mode at zero. (The alternative is a flag check in ``_record`` itself.)
    """
    from ..ops import _op

    current = _op._record
    original = getattr(current, "_original", None)
    if on and original is None:
        def _record(*args):
            node = current(*args)
            record(node)
            return node

        _record._original = current
        _op._record = _record
    elif not on and original is not None:
        _op._record = original


# -- reporting (backward) --------------------------------------------------------------------------------------
def check_nan(node, grads) -> None:
    """Raise torch's error if the node's backward returned NaN in any gradient."""
    for i, g in enumerate(grads):
        a = getattr(g, "_data", g)  # a tensor, or one of the engine's arrays when it records no graph
        if a is not None and a.dtype.kind == "f" and np.isnan(a).any():
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


def warn_trace(node) -> None:
    """Warn with the forward stack that created ``node`` (and its parents, for graphs made by a backward)."""
    is_parent = False
    while node is not None:
        meta = node.metadata if type(node.metadata) is dict else {}
        stack = meta.get("traceback_")
        if stack is None:
            warnings.warn(f"Error detected in {node.name()}. No forward pass information available. Enable detect "
                          "anomaly during forward pass for more information.", stacklevel=4)
            return
        if is_parent:
            warnings.warn(f"\n\nPrevious calculation was induced by {node.name()}. Traceback of forward call that "
                          f"induced the previous calculation:\n{''.join(stack)}", stacklevel=4)
        else:
            warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                          f"{''.join(stack)}", stacklevel=4)
        node, is_parent = meta.get("parent_"), True
