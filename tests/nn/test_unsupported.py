"""torch.nn names torchless lacks raise a NotImplementedError naming them (and hasattr stays False)."""

from __future__ import annotations

import pytest

import torchless
import torchless.nn as nn
import torchless.nn.functional as F


@pytest.mark.parametrize("owner, name, text", [(nn, "Conv3d", "torch.nn.Conv3d"), (nn, "LSTM", "torch.nn.LSTM"),
                                                (F, "conv3d", "torch.nn.functional.conv3d"),
                                                (F, "max_pool3d", "torch.nn.functional.max_pool3d")])
def test_missing_torch_names_raise_not_implemented(owner, name, text):
    with pytest.raises(NotImplementedError, match=text):
        getattr(owner, name)
    assert not hasattr(owner, name)


def test_unknown_names_are_plain_attribute_errors():
    with pytest.raises(AttributeError, match="has no attribute 'Conv9d'") as info:
        nn.Conv9d  # noqa: B018
    assert not isinstance(info.value, NotImplementedError)


def test_pad_modes_other_than_constant_are_named():
    x = nn.Linear(2, 2).weight.detach()
    with pytest.raises(NotImplementedError, match="reflect"):
        F.pad(x, (1, 1), mode="reflect")
    with pytest.raises(NotImplementedError, match="Unrecognised padding mode foo"):
        F.pad(x, (1, 1), mode="foo")


def test_sparse_embedding_and_legacy_backward_hooks_are_named():
    emb = nn.Embedding(3, 2, sparse=True)
    with pytest.raises(NotImplementedError, match="sparse"):
        emb(torchless.tensor([0, 1]))
    with pytest.raises(NotImplementedError, match="register_backward_hook"):
        nn.Linear(1, 1).register_backward_hook(lambda *a: None)
