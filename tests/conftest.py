"""Test-session settings.

Hypothesis draws the same examples on every run (``derandomize``), so a CI result never depends on luck; set
``HYPOTHESIS_PROFILE=explore`` to search fresh random examples (how new bugs are found). No per-example deadline:
CI machines are shared and slow.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
