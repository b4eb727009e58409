"""``python -m statement_lens`` runs the CLI."""

import sys

from statement_lens.cli import main

sys.exit(main())
