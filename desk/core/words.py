"""One word per state, in Japanese, for everything desk writes (sheets, exports, hand-outs) — the
window's Japanese translation uses the same words (tests/ui/test_one_word.py holds them together)."""

from __future__ import annotations

from desk.core.placement import STATE_LABELS_JA, State

#: A posting's state as published (公開/停止/終了).
POSTING_STATUS_JA: dict[str, str] = {"open": "公開", "paused": "停止", "ended": "終了"}

#: A placement's state (提案 連絡済 承諾 辞退 確定 勤務済 無断欠勤 キャンセル 取下げ).
PLACEMENT_STATE_JA: dict[str, str] = {s.value: word for s, word in STATE_LABELS_JA.items()}

__all__ = ["PLACEMENT_STATE_JA", "POSTING_STATUS_JA", "State"]
