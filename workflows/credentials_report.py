"""The credentials report (báo cáo thẩm tra tư cách đại biểu): computed from the personnel and
check-in data as a draft, confirmed by the Credentials Committee before it is read out.

Facts the guards read: summoned (delegates summoned), matches (the roster equals the personnel
data: True/False).
"""

from __future__ import annotations

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

DEFINITION = WorkflowDefinition(
    name="credentials_report",
    label=Text("Báo cáo thẩm tra tư cách đại biểu", "Credentials report"),
    states=[
        state("draft", "Dự thảo báo cáo", "Draft report"),
        state("confirmed", "Ban Thẩm tra tư cách đại biểu đã xác nhận",
              "Confirmed by the Credentials Committee"),
    ],
    transitions=[
        transition("confirm", "draft", "confirmed", roles=[Role.CREDENTIALS],
                   label=("Xác nhận báo cáo", "Confirm the report"),
                   guards=["has_delegates", "roster_matches"]),
        transition("reopen", "confirmed", "draft", roles=[Role.CREDENTIALS],
                   label=("Mở lại để tính lại", "Reopen to recompute"), reason=True),
    ],
    guards=[
        guard("has_delegates", lambda item, ctx: ctx.get("summoned", 0) > 0,
              "Chưa có đại biểu nào được triệu tập.", "No delegate has been summoned yet."),
        guard("roster_matches", lambda item, ctx: bool(ctx.get("matches")),
              "Danh sách đại biểu ({roster}) khác dữ liệu nhân sự ({summoned}): cập nhật "
              "danh sách trước khi xác nhận.",
              "The delegate roster ({roster}) differs from the personnel data ({summoned}): "
              "update the roster before confirming."),
    ],
)
