"""``python -m torchless``: the ``torchless`` command (``torchless demo``, ``torchless run FILE``)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
