"""A subordinate organization's own congress, tracked by the ward's Standing Committee:
planned on a date, held (with the number of delegates or members attending), then its report
received by the ward committee.

Facts the guards read: held_on and attended (from the "held" form), received_on (from the
"report received" form).
"""

from __future__ import annotations

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

TRACKERS = [Role.STANDING, Role.COMMUNICATIONS]

DEFINITION = WorkflowDefinition(
    name="subordinate_congress",
    label=Text("Đại hội chi bộ, đảng bộ trực thuộc", "Subordinate organization's congress"),
    states=[
        state("planned", "Dự kiến tổ chức", "Planned"),
        state("held", "Đã tổ chức", "Held"),
        state("report_received", "Đã nhận báo cáo", "Report received", terminal=True),
    ],
    transitions=[
        transition("hold", "planned", "held", roles=[*TRACKERS, Role.SECRETARY],
                   label=("Ghi nhận đã tổ chức", "Record as held"),
                   guards=["held_date", "attendance"]),
        transition("receive_report", "held", "report_received", roles=TRACKERS,
                   label=("Ghi nhận đã nhận báo cáo", "Record the report as received"),
                   guards=["received_date"]),
        transition("reopen", "held", "planned", roles=TRACKERS,
                   label=("Trả về dự kiến", "Back to planned"), reason=True),
    ],
    guards=[
        guard("held_date", lambda item, ctx: bool(ctx.get("held_on")),
              "Cần ngày tổ chức đại hội.", "The date the congress was held is needed."),
        guard("attendance", lambda item, ctx: (ctx.get("attended") or 0) > 0,
              "Cần số đại biểu (đảng viên) dự đại hội.",
              "The number of delegates (members) attending is needed."),
        guard("received_date", lambda item, ctx: bool(ctx.get("received_on")),
              "Cần ngày nhận báo cáo.", "The date the report was received is needed."),
    ],
)
