"""The quota allocation of a congress (phân bổ số lượng đại biểu): calculated and adjusted as a
draft, frozen, then published by the Standing Committee. Organizations nominate only against a
published allocation.

Facts the guards read: lines (organizations in the calculation), seats_sum (seats given out),
appointed_seats (total minus ex officio), total, cap (the legal maximum of official delegates).
"""

from __future__ import annotations

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

DEFINITION = WorkflowDefinition(
    name="quota_allocation",
    label=Text("Phân bổ số lượng đại biểu", "Delegate quota allocation"),
    states=[
        state("draft", "Dự thảo phân bổ", "Draft allocation"),
        state("frozen", "Đã chốt", "Frozen"),
        state("published", "Đã công bố", "Published", terminal=True),
    ],
    transitions=[
        transition("freeze", "draft", "frozen", roles=[Role.PERSONNEL, Role.STANDING],
                   label=("Chốt phân bổ", "Freeze"),
                   guards=["calculated", "within_cap", "seats_add_up"]),
        transition("reopen", "frozen", "draft", roles=[Role.STANDING],
                   label=("Mở lại để điều chỉnh", "Reopen for adjustment"), reason=True),
        transition("publish", "frozen", "published", roles=[Role.STANDING],
                   label=("Công bố", "Publish"), four_eyes=True),
    ],
    guards=[
        guard("calculated", lambda item, ctx: ctx.get("lines", 0) > 0,
              "Chưa tính phân bổ cho các tổ chức.",
              "The allocation to the organizations has not been calculated."),
        guard("within_cap", lambda item, ctx: ctx.get("total", 0) <= ctx.get("cap", 0),
              "Tổng số đại biểu chính thức ({total}) vượt mức tối đa {cap}.",
              "The total of official delegates ({total}) exceeds the maximum of {cap}."),
        guard("seats_add_up",
              lambda item, ctx: ctx.get("seats_sum") == ctx.get("appointed_seats"),
              "Số đại biểu đã phân bổ ({seats_sum}) khác số đại biểu chỉ định "
              "({appointed_seats}).",
              "The seats given out ({seats_sum}) differ from the appointed seats "
              "({appointed_seats})."),
    ],
)
