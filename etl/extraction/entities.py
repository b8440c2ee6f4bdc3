"""HTML entities left in page text: ``Ch&#237;nh s&#225;ch`` and, escaped twice, ``Chi&amp;#7871;n``."""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str | None, *, rounds: int = 3) -> str | None:
    """``text`` with HTML character references decoded, repeatedly (a CMS that escapes an already escaped title
    leaves ``&amp;#7871;``, which one decoding turns into ``&#7871;``). Text without references is returned as is.

    >>> decode_entities("Chi&amp;#7871;n s&amp;#7921; &#x110;&#x1ED7; Trung")
    'Chiến sự Đỗ Trung'
    """
    if not text or "&" not in text:
        return text
    for _ in range(rounds):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text.replace("\u00a0", " ")
