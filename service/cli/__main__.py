"""``python -m service.cli``: the ``timeline`` command."""

from service.cli import main

raise SystemExit(main())
