"""The one rule for how much a source's word counts: official, press or other.

A refutation counts when an official source or the press says it (issue 13), and a handling recommendation reads
"amplify" only for official sources; both read the class from here, and the Cypher that needs it receives these
sets as parameters rather than typing its own list.

* ``official`` — a government agency or spokesperson: an account whose kind is official/government, or that the
  registry ties to an organisation or a spokesperson;
* ``press`` — a licensed outlet (paper, broadcaster, national, television, radio, magazine, news agency) or an
  account the registry ties to such an outlet;
* ``other`` — everyone else, including aggregators, content farms and fan pages.

>>> account_class("official"), account_class("person", owner="Spokesperson"), account_class("page", owner="Outlet")
('official', 'official', 'press')
>>> outlet_class("national"), outlet_class("contentfarm"), outlet_class(None)
('press', 'other', 'other')
>>> account_class("page", owner="Outlet", owner_kind="contentfarm")
'other'
"""

from __future__ import annotations

from enum import StrEnum


class SourceClass(StrEnum):
    OFFICIAL = "official"
    PRESS = "press"
    OTHER = "other"


SOURCE_VI = {SourceClass.OFFICIAL.value: "cơ quan chức năng", SourceClass.PRESS.value: "báo chí",
             SourceClass.OTHER.value: "nguồn khác"}

OFFICIAL_ACCOUNT_KINDS = frozenset({"official", "government", "agency", "spokesperson"})
OFFICIAL_OWNERS = frozenset({"Organization", "Spokesperson"})
# accounts that speak for an organisation in public (outlets, pages, channels, officials): not a private person's
# activity, so never masked (api/masking.py); any other or unknown kind is a private person's
PUBLIC_ACCOUNT_KINDS = frozenset({"outlet", "page", "channel", "press", "organization"}) | OFFICIAL_ACCOUNT_KINDS
# the registry's kinds (casework/registry.py: newspaper, magazine, online = báo điện tử, radio_tv) and the crawl's
# outlet list (paper, national, broadcaster, tv, radio); news_site (trang tin tổng hợp) is not press
PRESS_OUTLET_KINDS = frozenset({"newspaper", "magazine", "online", "radio_tv", "paper", "national", "broadcaster",
                                "tv", "radio", "news_agency", "provincial"})
OFFICIAL_OUTLET_KINDS = frozenset({"government", "portal"})  # the province's own portals publish as officials


def outlet_class(kind: str | None) -> str:
    k = (kind or "").strip().lower()
    if k in OFFICIAL_OUTLET_KINDS:
        return SourceClass.OFFICIAL.value
    return SourceClass.PRESS.value if k in PRESS_OUTLET_KINDS else SourceClass.OTHER.value


def account_class(kind: str | None, *, owner: str | None = None, owner_kind: str | None = None) -> str:
    """``owner`` is the label of the node the account is OWNED_BY (Outlet, Organization, Spokesperson, Journalist),
    ``owner_kind`` that outlet's kind."""
    if (kind or "").strip().lower() in OFFICIAL_ACCOUNT_KINDS or owner in OFFICIAL_OWNERS:
        return SourceClass.OFFICIAL.value
    if owner == "Outlet":
        return outlet_class(owner_kind) if owner_kind else SourceClass.PRESS.value
    return SourceClass.OTHER.value


def credible(source_class: str | None) -> bool:
    """Whether a source's denial of a claim counts as a refutation."""
    return source_class in (SourceClass.OFFICIAL.value, SourceClass.PRESS.value)
