"""Record torch 2.13's results for the nn tests: ``python -m tests.nn.record`` (needs torch installed).

Writes the op-table goldens (tests/golden/ops/nn_*.json) and the scenario goldens (tests/golden/nn/*.json).
"""

from __future__ import annotations

from tests.ops.harness import record as record_ops

from . import test_conv, test_functional_ops, test_layers, test_module, test_random
from .scenarios import record as record_scenarios


def main() -> None:
    for family, cases in test_functional_ops.FAMILIES.items():
        record_ops(family, cases)
        print(f"recorded {len(cases)} cases for {family}")
    for module in (test_module, test_layers, test_random, test_conv):
        record_scenarios(module.GROUP, module.SCENARIOS)
        print(f"recorded {len(module.SCENARIOS)} scenarios for {module.GROUP}")


if __name__ == "__main__":
    main()
