"""MkDocs hook: ibwire's docstrings cross-reference in reST (``:class:`Ticker```, ``:meth:`~IB.step```);
mkdocstrings renders the Markdown around them but leaves the role names as text (":class:Ticker"). This
drops the role name and a leading ``~`` so the reference shows as code, as Sphinx would show it."""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:py:)?(?:class|meth|func|attr|data|mod|exc|obj|const|ref):(<code>)~?")


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE.sub(r"\1", html)
