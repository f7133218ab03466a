"""Missing PyTorch features raise NotImplementedError naming them; unknown names raise torch's AttributeError."""

from __future__ import annotations

import pytest

import torchless


def test_missing_torch_feature_names_itself():
    with pytest.raises(NotImplementedError, match=r"torch\.fft"):
        torchless.fft  # noqa: B018


def test_unknown_module_attribute_is_attribute_error():
    with pytest.raises(AttributeError, match="module 'torchless' has no attribute 'not_a_torch_name'"):
        torchless.not_a_torch_name  # noqa: B018


def test_missing_tensor_method_names_itself():
    with pytest.raises(NotImplementedError, match=r"torch\.Tensor\.stft"):
        torchless.ones(2).stft  # noqa: B018


def test_unknown_tensor_attribute_matches_torch_words():
    with pytest.raises(AttributeError, match="'Tensor' object has no attribute 'nope'"):
        torchless.ones(2).nope  # noqa: B018


def test_hasattr_stays_false_for_missing_features():
    # libraries probe objects with hasattr; the error must not escape it
    assert not hasattr(torchless.ones(2), "stft")
    assert not hasattr(torchless, "fft")


def test_known_names_are_torch_names():
    torch = pytest.importorskip("torch")
    from torchless._torch_names import TENSOR, TORCH

    assert TORCH <= {n for n in dir(torch) if not n.startswith("_")}
    assert "backward" in TENSOR and "stft" in TENSOR
