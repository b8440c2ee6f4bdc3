"""The one masking rule for personal data of accounts (Vietnam's 2025 personal-data law: tracking a private
person's social-media activity is sensitive data).

A caller who may not see personal data (:attr:`Principal.sees_personal_data` is false: analysts, press officers,
integrators with such keys) sees a private person's account — every account whose kind is not a public
organisation's and that no outlet owns (:func:`is_personal`) — only as a stable pseudonym (:func:`pseudonym`): its
id, handle and name never leave the server. Every output that carries accounts goes through these functions:

* :func:`account_ref` for an account object (rankings, communities' members, stories, maps, pages);
* :func:`mask_id` for an id that names or contains a private account (a post of that account, a parent link);
* :func:`mask_community` for a community's ``label``, ``top_terms`` and ``top_accounts`` (written from the
  names of its top accounts when the analysis ran).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any

from api.auth import Principal, _secret
from common.sources import PUBLIC_ACCOUNT_KINDS  # the one list, beside the official kinds
from graph.analysis_run import OUTLET_PREFIX  # community members that are outlets


def pseudonym(account_id: str) -> str:
    """A stable pseudonym that cannot be turned back into the account without the server's secret."""
    digest = hmac.new(_secret(), account_id.encode(), hashlib.sha256).hexdigest()[:12]
    return f"an-danh:{digest}"


def is_personal(row: Mapping[str, Any], prefix: str = "") -> bool:
    """Whether an account row (``kind``, ``owned_by_outlet`` under ``prefix``) is a private person's.
    An unknown kind counts as personal."""
    if row.get(f"{prefix}owned_by_outlet"):
        return False
    return (row.get(f"{prefix}kind") or "person") not in PUBLIC_ACCOUNT_KINDS


def account_ref(row: Mapping[str, Any], principal: Principal, *, prefix: str = "", id_key: str | None = None
                ) -> dict[str, Any] | None:
    """An AccountRef dict from a row, masked when the caller may not see this person's data."""
    acc_id = row.get(id_key or f"{prefix}id")
    if acc_id is None:
        return None
    ref = {
        "id": acc_id, "platform": row.get(f"{prefix}platform"), "handle": row.get(f"{prefix}handle"),
        "name": row.get(f"{prefix}name"), "kind": row.get(f"{prefix}kind"),
        "followers": row.get(f"{prefix}followers"), "verified": row.get(f"{prefix}verified"),
        "community_id": row.get(f"{prefix}community_id"), "masked": False,
    }
    if ref["platform"] is None and ":" in acc_id:
        ref["platform"] = acc_id.split(":", 1)[0]
    if not principal.sees_personal_data and is_personal(row, prefix):
        ref.update(id=pseudonym(acc_id), handle=None, name=None, masked=True)
    return ref


def mask_id(account_id: str | None, personal: bool, principal: Principal) -> str | None:
    if account_id is None:
        return None
    return pseudonym(account_id) if personal and not principal.sees_personal_data else account_id


def _identifiers(ref: Mapping[str, Any]) -> list[str]:
    """The strings that identify an account in free text: id, handle, name."""
    return [s for s in (ref.get("id"), ref.get("handle"), ref.get("name")) if isinstance(s, str) and s.strip()]


def mask_text(text: str | None, replacements: Mapping[str, str]) -> str | None:
    """``text`` with every whole occurrence (case-insensitive) of a key replaced by its value, longest key first.

    >>> mask_text("quanh Lan Anh, Báo X", {"Lan Anh": "an-danh:1"})
    'quanh an-danh:1, Báo X'
    >>> mask_text("Lananh", {"Lan": "x"})
    'Lananh'
    """
    if not text or not replacements:
        return text
    keys = sorted(replacements, key=len, reverse=True)
    folded = {k.casefold(): v for k, v in replacements.items()}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda m: folded.get(m.group(0).casefold(), replacements.get(m.group(0), "an-danh")), text)


def mask_community(row: Mapping[str, Any], principal: Principal,
                   top_refs: Iterable[Mapping[str, Any] | None] | None = None) -> dict[str, Any]:
    """A community row with the private accounts among its ``top_accounts`` pseudonymised there and in the
    ``label`` and ``top_terms`` written from their names. ``top_refs`` (default ``row["top_refs"]``) holds, for each
    of ``top_accounts``, the account's ``{id, handle, name, kind, owned_by_outlet}`` (None when the account is not
    in the graph any more: then it counts as personal unless it is an outlet). ``top_refs`` is never returned."""
    out = {k: v for k, v in row.items() if k != "top_refs"}
    if principal.sees_personal_data:
        return out
    ids = [str(x) for x in (row.get("top_accounts") or [])]
    refs = list(top_refs if top_refs is not None else (row.get("top_refs") or []))
    refs += [None] * (len(ids) - len(refs))
    replacements: dict[str, str] = {}
    shown = []
    for acc_id, ref in zip(ids, refs, strict=False):
        personal = not acc_id.startswith(OUTLET_PREFIX) and (ref is None or is_personal(ref))
        if not personal:
            shown.append(acc_id)
            continue
        alias = pseudonym(acc_id)
        shown.append(alias)
        for s in [acc_id, *(_identifiers(ref) if ref else [])]:
            replacements[s] = alias
            if ":" in s:  # platform:handle also appears as the bare handle
                replacements.setdefault(s.split(":", 1)[1], alias)
    out["top_accounts"] = shown
    out["top_terms"] = [mask_text(t, replacements) for t in (row.get("top_terms") or [])]
    out["label"] = mask_text(row.get("label"), replacements)
    return out
