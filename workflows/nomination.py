"""Delegates to the ward congress: an organization's nomination of one official or alternate
delegate, from the secretary's draft to the appointment decision, and its replacement.

The facts the guards read (gathered by the service, see `intranet/personnel/workflow.py`):

    org, kind_label          the nominating organization and "official"/"alternate" (Text)
    seats, used              the organization's seats of this kind, and those other active
                             nominations of the same kind already take
    holds, holds_text        open matters on this person (e.g. a complaint) and their summary:
                             while any is open the person cannot be approved or appointed
    decision_number/_date    the appointment decision (from the appointment form)
    category                 why a delegate is not summoned (one of NOT_SUMMONED_REASONS)
    next_alternate           the organization's next appointed alternate (a replacement needs one)
    alternate_holds(_text)   holds on that alternate
    letter                   the receipt number of a founded letter sending the nomination
                             back (given by the complaints area's conclusion, never a form)
"""

from __future__ import annotations

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

OFFICIAL = "official"
ALTERNATE = "alternate"
KIND_LABELS = {
    OFFICIAL: Text("đại biểu chính thức", "official delegate"),
    ALTERNATE: Text("đại biểu dự khuyết", "alternate delegate"),
}

# Why an approved or appointed delegate is not summoned to the congress.
NOT_SUMMONED_REASONS = {
    "suspended": Text("Bị đình chỉ sinh hoạt đảng", "Suspended from Party activity"),
    "prosecuted": Text("Bị khởi tố, truy tố", "Prosecuted"),
    "transferred": Text("Chuyển sinh hoạt đảng, chuyển công tác", "Transferred"),
    "irregular": Text("Được giới thiệu không đúng quy trình", "Irregularly chosen"),
}

# States in which a nomination no longer holds a seat or a person.
INACTIVE_STATES = ("withdrawn", "not_summoned", "replaced")

DEFINITION = WorkflowDefinition(
    name="nomination",
    label=Text("Giới thiệu đại biểu dự Đại hội", "Delegate nomination"),
    states=[
        state("draft", "Dự kiến", "Draft"),
        state("submitted", "Chờ thẩm định", "Awaiting vetting"),
        state("vetted", "Đã thẩm định", "Vetted"),
        state("approved", "Ban Thường vụ đã duyệt", "Approved by the Standing Committee"),
        state("appointed", "Đã chỉ định", "Appointed"),
        state("returned", "Trả lại tổ chức", "Returned to the organization"),
        state("replacement_requested", "Đề nghị thay thế", "Replacement requested"),
        state("replaced", "Đã được thay thế", "Replaced", terminal=True),
        state("not_summoned", "Không triệu tập", "Not summoned", terminal=True),
        state("withdrawn", "Đã rút", "Withdrawn", terminal=True),
    ],
    transitions=[
        transition("submit", ["draft", "returned"], "submitted",
                   roles=[Role.SECRETARY, Role.CLERK],
                   label=("Gửi thẩm định", "Send for vetting"), guards=["within_quota"]),
        transition("vet", "submitted", "vetted", roles=[Role.PERSONNEL],
                   label=("Thẩm định đạt", "Vetting passed")),
        transition("return_from_vetting", "submitted", "returned", roles=[Role.PERSONNEL],
                   label=("Trả lại tổ chức", "Return to the organization"), reason=True),
        transition("approve", "vetted", "approved", roles=[Role.STANDING],
                   label=("Phê duyệt", "Approve"), guards=["within_quota", "no_hold"]),
        transition("return_from_approval", "vetted", "returned", roles=[Role.STANDING],
                   label=("Trả lại tổ chức", "Return to the organization"), reason=True),
        transition("appoint", "approved", "appointed", roles=[Role.STANDING],
                   label=("Chỉ định", "Appoint"), guards=["decision_recorded", "no_hold"]),
        transition("reconsider", ["approved", "appointed"], "vetted", roles=[Role.STANDING],
                   label=("Xem xét lại", "Reconsider"), reason=True),
        # A founded or partly founded letter about the person: back to the Standing
        # Committee for a decision (fired by the letter's conclusion, in its transaction).
        transition("refer_back", ["approved", "appointed"], "vetted",
                   roles=[Role.COMPLAINTS, Role.INSPECTOR],
                   label=("Chuyển lại Ban Thường vụ xem xét",
                          "Back to the Standing Committee for a decision"),
                   guards=["founded_letter"], reason=True),
        transition("withdraw", ["draft", "submitted", "vetted", "returned"], "withdrawn",
                   roles=[Role.SECRETARY, Role.CLERK], label=("Rút", "Withdraw"), reason=True),
        transition("not_summon", ["approved", "appointed"], "not_summoned",
                   roles=[Role.STANDING], label=("Không triệu tập", "Do not summon"),
                   guards=["reason_category"], reason=True),
        transition("request_replacement", "appointed", "replacement_requested",
                   roles=[Role.SECRETARY, Role.PERSONNEL],
                   label=("Đề nghị thay thế", "Request a replacement"),
                   guards=["is_official", "alternate_available"], reason=True),
        transition("approve_replacement", "replacement_requested", "replaced",
                   roles=[Role.STANDING],
                   label=("Duyệt thay thế", "Approve the replacement"),
                   guards=["alternate_available", "alternate_no_hold"]),
        transition("reject_replacement", "replacement_requested", "appointed",
                   roles=[Role.STANDING],
                   label=("Không duyệt thay thế", "Refuse the replacement"), reason=True),
    ],
    guards=[
        guard("within_quota", lambda item, ctx: ctx.get("used", 0) < ctx.get("seats", 0),
              "{org} đã dùng hết {used}/{seats} suất {kind_label}.",
              "{org} has used all {used}/{seats} {kind_label} seats."),
        guard("no_hold", lambda item, ctx: not ctx.get("holds"),
              "Chưa thể duyệt hoặc chỉ định: {holds_text}.",
              "Cannot be approved or appointed yet: {holds_text}."),
        guard("founded_letter", lambda item, ctx: bool(ctx.get("letter")),
              "Chỉ kết luận đơn thư đúng hoặc đúng một phần mới chuyển lại hồ sơ.",
              "Only a founded or partly founded letter's conclusion sends a nomination back."),
        guard("decision_recorded",
              lambda item, ctx: bool(ctx.get("decision_number")) and bool(
                  ctx.get("decision_date")),
              "Cần số và ngày của quyết định chỉ định: dùng biểu mẫu chỉ định.",
              "The appointment needs the decision's number and date: use the appointment "
              "form."),
        guard("reason_category", lambda item, ctx: ctx.get("category") in NOT_SUMMONED_REASONS,
              "Chọn lý do không triệu tập (đình chỉ, khởi tố, chuyển sinh hoạt, không đúng "
              "quy trình) trong biểu mẫu không triệu tập.",
              "Choose why the delegate is not summoned (suspended, prosecuted, transferred, "
              "irregular) in the not-summoned form."),
        guard("is_official", lambda item, ctx: getattr(item, "kind", None) == OFFICIAL,
              "Chỉ đại biểu chính thức mới được thay thế bằng đại biểu dự khuyết.",
              "Only an official delegate is replaced by an alternate."),
        guard("alternate_available", lambda item, ctx: ctx.get("next_alternate") is not None,
              "{org} không còn đại biểu dự khuyết đã được chỉ định để thay thế.",
              "{org} has no appointed alternate left to take the seat."),
        guard("alternate_no_hold", lambda item, ctx: not ctx.get("alternate_holds"),
              "Đại biểu dự khuyết kế tiếp chưa thể thay thế: {alternate_holds_text}.",
              "The next alternate cannot take the seat yet: {alternate_holds_text}."),
    ],
)
