"""``python -m ibwire.cli``: the same as the ``ibwire`` command."""

from . import main

raise SystemExit(main())
