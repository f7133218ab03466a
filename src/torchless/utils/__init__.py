"""torchless.utils: data loading."""

from . import data
