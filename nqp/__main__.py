"""``python -m nqp``: the command line (see :mod:`nqp.cli`)."""

from .cli import main

raise SystemExit(main())
