"""The ``Idempotency-Key`` request header of every write operation (see ``casework/idempotency.py``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Response

from api.auth import Principal
from casework import idempotency as idem

IDEMPOTENT_DOC = (
    " **Gửi lại an toàn (idempotent):** gửi kèm tiêu đề `Idempotency-Key` (1–200 ký tự ASCII, mỗi thao tác một khoá "
    "mới, ví dụ một UUID). Khoá được lưu cùng dữ liệu ghi trong cùng một giao dịch; gửi lại yêu cầu với cùng khoá "
    "(sau khi mất kết nối, API khởi động lại…) không ghi thêm gì và trả về kết quả đã lưu của lần đầu, kèm tiêu đề "
    "`Idempotent-Replayed: true`. Cùng khoá với nội dung khác bị từ chối (422). Không có khoá, thao tác vẫn không "
    "ghi trùng: {content}")

KeyHeader = Annotated[str | None, Header(
    alias=idem.HEADER, max_length=idem.MAX_KEY,
    description="Khoá do máy khách tạo cho thao tác này (ví dụ một UUID); gửi lại cùng khoá không ghi hai lần.")]


def idempotent_doc(content: str) -> str:
    """The sentence an idempotent write's OpenAPI description carries; ``content`` says what makes it idempotent
    without a key."""
    return IDEMPOTENT_DOC.format(content=content)


def claim_for(principal: Principal, operation: str, key: str | None, target: str,
              request: dict[str, Any]) -> idem.Claim | None:
    """The claim of this request (``None`` without a key)."""
    key = idem.check_key(key)
    if key is None:
        return None
    return idem.Claim(principal.id, operation, key, target, idem.fingerprint({"target": target, **request}))


def mark_replay(response: Response, outcome: idem.Outcome) -> None:
    if outcome.replayed:
        response.headers[idem.REPLAY_HEADER] = "true"
