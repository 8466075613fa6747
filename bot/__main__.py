"""`python -m bot` is the `invoicebot` command."""

import sys

from .cli import main

sys.exit(main())
