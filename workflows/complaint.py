"""Letters to the congress (đơn thư): complaints, denunciations and petitions, from the
reception desk to the reply.

Received → screened, ending in one of: not processed (anonymous, false name, no address, no
specific content, repeat without new evidence: a reason is required), transferred to the new
term (received after the cut-off, 25 working days before the congress opens), or classified
(complaint / denunciation / petition) → assigned to an investigator with a deadline →
verifying → concluded (founded / partly founded / unfounded, with findings) → replied → closed.

The facts the guards read (gathered by the service, see `intranet/complaints/workflow.py`):

    late, cutoff             whether the letter came after the cut-off date, and that date (Text)
    category                 why a letter is not processed (one of NOT_PROCESSED_REASONS)
    kind                     the classification (one of KINDS)
    investigator, deadline   who verifies it and by when (from the assignment form)
    outcome, findings        the conclusion (one of OUTCOMES) and its findings (text)

While a classified letter about a person is in HOLD_STATES, that person cannot be approved or
appointed (the personnel workflows read the hold).
"""

from __future__ import annotations

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

NOT_PROCESSED_REASONS = {
    "anonymous": Text("Đơn nặc danh", "Anonymous letter"),
    "false_name": Text("Đơn mạo danh, không rõ họ tên thật", "False name"),
    "no_address": Text("Không rõ địa chỉ", "No address"),
    "no_content": Text("Không có nội dung cụ thể", "No specific content"),
    "repeat": Text("Đơn trùng, không có chứng cứ mới", "Repeat without new evidence"),
}
KINDS = {
    "complaint": Text("Khiếu nại", "Complaint"),
    "denunciation": Text("Tố cáo", "Denunciation"),
    "petition": Text("Kiến nghị, phản ánh", "Petition"),
}
OUTCOMES = {
    "founded": Text("Đúng", "Founded"),
    "partly_founded": Text("Đúng một phần", "Partly founded"),
    "unfounded": Text("Sai", "Unfounded"),
}
# A founded or partly founded conclusion sends the person's nomination back for a decision.
FOUNDED = ("founded", "partly_founded")
# A classified letter not yet concluded: it holds the nominations of the people it is about.
HOLD_STATES = ("classified", "assigned", "verifying")
# Everything before the reply: an overdue deadline is flagged on the queue.
OPEN_STATES = ("received", *HOLD_STATES, "concluded")
CLOSED_STATES = ("not_processed", "transferred", "closed")

HANDLERS = [Role.COMPLAINTS]
INVESTIGATORS = [Role.COMPLAINTS, Role.INSPECTOR]

DEFINITION = WorkflowDefinition(
    name="complaint",
    label=Text("Giải quyết đơn thư", "Letters (complaints)"),
    states=[
        state("received", "Đã tiếp nhận", "Received"),
        state("classified", "Đã phân loại", "Classified"),
        state("assigned", "Đã giao xác minh", "Assigned"),
        state("verifying", "Đang xác minh", "Verifying"),
        state("concluded", "Đã kết luận", "Concluded"),
        state("replied", "Đã trả lời", "Replied"),
        state("closed", "Kết thúc", "Closed", terminal=True),
        state("not_processed", "Không xử lý", "Not processed", terminal=True),
        state("transferred", "Chuyển nhiệm kỳ mới", "Transferred to the new term",
              terminal=True),
    ],
    transitions=[
        transition("set_aside", "received", "not_processed", roles=HANDLERS,
                   label=("Không xử lý", "Do not process"), guards=["reason_category"],
                   reason=True),
        transition("transfer", "received", "transferred", roles=HANDLERS,
                   label=("Chuyển nhiệm kỳ mới", "Transfer to the new term"),
                   guards=["after_cutoff"]),
        transition("classify", "received", "classified", roles=HANDLERS,
                   label=("Phân loại", "Classify"), guards=["in_time", "kind_chosen"]),
        transition("assign", "classified", "assigned", roles=HANDLERS,
                   label=("Giao xác minh", "Assign for verification"),
                   guards=["investigator_chosen", "deadline_set"]),
        transition("start_verification", "assigned", "verifying", roles=INVESTIGATORS,
                   label=("Bắt đầu xác minh", "Start verifying")),
        transition("conclude", "verifying", "concluded", roles=INVESTIGATORS,
                   label=("Kết luận", "Conclude"), guards=["outcome_chosen", "findings_written"]),
        transition("reply", "concluded", "replied", roles=HANDLERS,
                   label=("Trả lời người gửi", "Reply to the sender")),
        transition("close", "replied", "closed", roles=HANDLERS,
                   label=("Kết thúc", "Close")),
    ],
    guards=[
        guard("reason_category", lambda item, ctx: ctx.get("category") in NOT_PROCESSED_REASONS,
              "Chọn lý do không xử lý (nặc danh, mạo danh, không rõ địa chỉ, không có nội dung "
              "cụ thể, trùng không có chứng cứ mới) trong biểu mẫu.",
              "Choose why the letter is not processed (anonymous, false name, no address, no "
              "specific content, repeat without new evidence) in the form."),
        guard("after_cutoff", lambda item, ctx: bool(ctx.get("late")),
              "Đơn đến trước hạn {cutoff}: phải được phân loại và giải quyết trong nhiệm kỳ này.",
              "The letter came before the cut-off ({cutoff}): it is dealt with in this term."),
        guard("in_time", lambda item, ctx: not ctx.get("late"),
              "Đơn đến sau hạn {cutoff} (25 ngày làm việc trước ngày khai mạc Đại hội): chuyển "
              "nhiệm kỳ mới.",
              "The letter came after the cut-off ({cutoff}, 25 working days before the congress "
              "opens): transfer it to the new term."),
        guard("kind_chosen", lambda item, ctx: ctx.get("kind") in KINDS,
              "Chọn loại đơn: khiếu nại, tố cáo hoặc kiến nghị, phản ánh.",
              "Choose the kind of letter: complaint, denunciation or petition."),
        guard("investigator_chosen", lambda item, ctx: bool(ctx.get("investigator")),
              "Chọn người xác minh (Ủy ban Kiểm tra hoặc thành viên Tiểu ban).",
              "Choose the investigator (Inspection Commission or a subcommittee member)."),
        guard("deadline_set", lambda item, ctx: bool(ctx.get("deadline")),
              "Đặt thời hạn xác minh.", "Set the deadline of the verification."),
        guard("outcome_chosen", lambda item, ctx: ctx.get("outcome") in OUTCOMES,
              "Chọn kết luận: đúng, đúng một phần hoặc sai.",
              "Choose the conclusion: founded, partly founded or unfounded."),
        guard("findings_written", lambda item, ctx: bool((ctx.get("findings") or "").strip()),
              "Ghi nội dung kết luận xác minh.", "Write the findings of the verification."),
    ],
)
