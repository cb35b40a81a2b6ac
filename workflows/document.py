"""Workflow 1 — drafting a congress document (văn kiện).

draft → circulated for comment → revised by the Standing Committee → approved, with "return for
another draft" and "another round of comment" from the revision stage (reason required), early
closing of the comment window (reason required) and withdrawal.

Guards read only the facts the service gathered (the context):

- ``frozen_version``: the latest text version is frozen (immutable) and has sections;
- ``deadline`` / ``now``: the comment deadline asked for and the server's clock;
- ``audiences``: who the document is sent to;
- ``open_deadline`` / ``open_deadline_text``: the deadline of the round being closed;
- ``undisposed``: comments without a disposition;
- ``votes_for`` / ``committee_size``: the Standing Committee decision and the number of seats.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role


def _frozen(item: Any, ctx: Mapping[str, Any]) -> bool:
    return ctx.get("frozen_version") is True


def _deadline_future(item: Any, ctx: Mapping[str, Any]) -> bool:
    deadline, now = ctx.get("deadline"), ctx.get("now")
    return isinstance(deadline, datetime) and isinstance(now, datetime) and deadline > now


def _has_audience(item: Any, ctx: Mapping[str, Any]) -> bool:
    return bool(ctx.get("audiences"))


def _deadline_passed(item: Any, ctx: Mapping[str, Any]) -> bool:
    deadline, now = ctx.get("open_deadline"), ctx.get("now")
    return isinstance(deadline, datetime) and isinstance(now, datetime) and deadline <= now


def _before_deadline(item: Any, ctx: Mapping[str, Any]) -> bool:
    deadline, now = ctx.get("open_deadline"), ctx.get("now")
    return isinstance(deadline, datetime) and isinstance(now, datetime) and deadline > now


def _all_disposed(item: Any, ctx: Mapping[str, Any]) -> bool:
    return ctx.get("undisposed") == 0


def _majority(item: Any, ctx: Mapping[str, Any]) -> bool:
    size = ctx.get("committee_size") or 0
    votes = ctx.get("votes_for") or 0
    return size > 0 and votes * 2 > size


DOCUMENT = WorkflowDefinition(
    name="document",
    label=Text("Văn kiện đại hội", "Congress documents"),
    states=[
        state("draft", "Dự thảo", "Draft"),
        state("circulated", "Đang lấy ý kiến", "Circulated for comment"),
        state("revision", "Ban Thường vụ chỉnh lý", "Revised by the Standing Committee"),
        state("approved", "Đã thông qua", "Approved", terminal=True),
        state("withdrawn", "Đã rút", "Withdrawn", terminal=True),
    ],
    transitions=[
        transition("circulate", "draft", "circulated", roles=[Role.DOCUMENTS],
                   label=("Gửi lấy ý kiến", "Circulate for comment"),
                   guards=["frozen_version", "deadline_future", "has_audience"]),
        transition("close_comments", "circulated", "revision", roles=[Role.DOCUMENTS],
                   label=("Kết thúc lấy ý kiến", "Close comments"), guards=["deadline_passed"]),
        transition("close_early", "circulated", "revision", roles=[Role.DOCUMENTS],
                   label=("Kết thúc sớm", "Close early"), guards=["before_deadline"],
                   reason=True),
        transition("return_for_draft", "revision", "draft", roles=[Role.STANDING],
                   label=("Trả lại để dự thảo tiếp", "Return for another draft"), reason=True),
        transition("recirculate", "revision", "circulated", roles=[Role.STANDING],
                   label=("Lấy ý kiến thêm một đợt", "Another round of comment"), reason=True,
                   guards=["frozen_version", "deadline_future", "has_audience"]),
        transition("approve", "revision", "approved", roles=[Role.STANDING],
                   label=("Thông qua", "Approve"),
                   guards=["frozen_version", "all_disposed", "majority"]),
        transition("withdraw", "draft", "withdrawn", roles=[Role.DOCUMENTS, Role.STANDING],
                   label=("Rút văn kiện", "Withdraw"), reason=True),
        transition("withdraw", ["circulated", "revision"], "withdrawn", roles=[Role.STANDING],
                   label=("Rút văn kiện", "Withdraw"), reason=True),
    ],
    guards=[
        guard("frozen_version", _frozen,
              "Cần chốt (khóa) một phiên bản dự thảo có nội dung trước bước này; phiên bản "
              "đang sửa chưa được chốt.",
              "A frozen draft version with content is needed first; the version being edited "
              "has not been frozen."),
        guard("deadline_future", _deadline_future,
              "Hạn góp ý phải là một thời điểm trong tương lai.",
              "The comment deadline must be in the future."),
        guard("has_audience", _has_audience,
              "Cần chọn ít nhất một đối tượng lấy ý kiến.",
              "Choose at least one audience to consult."),
        guard("deadline_passed", _deadline_passed,
              "Hạn góp ý ({open_deadline_text}) chưa hết; muốn kết thúc sớm cần ghi lý do.",
              "The comment deadline ({open_deadline_text}) has not passed; to close early, "
              "give a reason."),
        guard("before_deadline", _before_deadline,
              "Hạn góp ý đã hết: dùng «Kết thúc lấy ý kiến».",
              "The deadline has passed: use “Close comments”."),
        guard("all_disposed", _all_disposed,
              "Còn {undisposed} ý kiến chưa có hình thức tiếp thu, giải trình.",
              "{undisposed} comment(s) still have no disposition."),
        guard("majority", _majority,
              "Chưa đạt quá nửa tổng số ủy viên Ban Thường vụ tán thành "
              "({votes_for}/{committee_size}).",
              "Not passed: more than half of all Standing Committee members must vote for "
              "({votes_for}/{committee_size})."),
    ],
)

# Guards that check what the user types into a transition's own form (not the item's state):
# the actions panel shows those forms enabled and the server checks the input on submit.
INPUT_GUARDS = frozenset({"deadline_future", "has_audience", "majority"})

# Transitions that need more than a reason: they have their own form and route.
FORM_TRIGGERS = frozenset({"circulate", "recirculate", "approve"})

# States in which the text may be edited (a new working version) and comments disposed.
EDITABLE_STATES = frozenset({"draft", "circulated", "revision"})
