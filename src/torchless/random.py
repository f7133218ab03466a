"""Random numbers: the generator and draws (to be made bit-identical to torch 2.13's CPU streams)."""

from __future__ import annotations

__all__: list[str] = []

METHODS: dict = {}
INPLACE: dict = {}
