"""A small workflow that exercises every feature of the engine (tests only)."""

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

SAMPLE = WorkflowDefinition(
    name="sample",
    label=Text("Đề nghị mẫu", "Sample request"),
    states=[
        state("draft", "Dự thảo", "Draft"),
        state("submitted", "Đã trình", "Submitted"),
        state("approved", "Đã duyệt", "Approved", terminal=True),
        state("rejected", "Không duyệt", "Rejected", terminal=True),
        state("withdrawn", "Đã rút", "Withdrawn", terminal=True),
    ],
    transitions=[
        #          trigger     from                      to           who
        transition("submit", "draft", "submitted", roles=[Role.SECRETARY, Role.CLERK],
                   label=("Trình", "Submit"), guards=["has_title"]),
        transition("approve", "submitted", "approved", roles=[Role.STANDING],
                   label=("Phê duyệt", "Approve"), guards=["quorum"], four_eyes=True),
        transition("reject", "submitted", "rejected", roles=[Role.STANDING],
                   label=("Không duyệt", "Reject"), reason=True),
        transition("send_back", "submitted", "draft", roles=[Role.STANDING, Role.PERSONNEL],
                   label=("Trả lại", "Send back"), reason=True),
        transition("withdraw", ["draft", "submitted"], "withdrawn", roles=[Role.SECRETARY],
                   label=("Rút", "Withdraw")),
    ],
    guards=[
        guard("has_title", lambda item, ctx: bool((getattr(item, "title", "") or "").strip()),
              "Cần có tiêu đề.", "A title is needed."),
        guard("quorum", lambda item, ctx: ctx.get("present", 0) * 2 > ctx.get("size", 9),
              "Cần quá nửa số ủy viên có mặt (có {present}/{size}).",
              "More than half of the members must be present ({present}/{size})."),
    ],
)
