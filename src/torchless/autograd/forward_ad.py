"""Forward-mode AD is not implemented in torchless: the names exist and say so."""

from __future__ import annotations

__all__ = ["dual_level", "make_dual", "unpack_dual"]


def _unsupported(*args, **kwargs):
    raise NotImplementedError("torchless: forward-mode AD (torch.autograd.forward_ad) is not supported; use "
                              "torch.autograd.functional.jvp, which computes the same product with reverse mode")


dual_level = make_dual = unpack_dual = _unsupported
