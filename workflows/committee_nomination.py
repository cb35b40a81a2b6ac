"""Committee personnel: a candidate for the new Executive Committee, Standing Committee,
Secretary, Deputy Secretary, or delegate to the city congress, from the succession pool to the
city's appointment decision.

pool → Standing Committee shortlist → key-cadre conference poll → Standing Committee selection
→ Executive Committee poll → vetting → submitted to the city → appointed by decision.

Facts the guards read (gathered by the service): poll (the counts being entered, checked by
`workflows.polls.poll_result`), key_cadre_passed / executive_passed and their results as text,
body, seats and taken (candidates of the body already submitted or appointed), holds and
holds_text, decision_number and decision_date.
"""

from __future__ import annotations

from workflows.engine import Text, WorkflowDefinition, guard, state, transition
from workflows.roles import Role

# The bodies and posts filled, with the number of seats in the reference case (configurable
# through PERSONNEL_COMMITTEE_SEATS).
BODIES = {
    "executive_committee": Text("Ban Chấp hành", "Executive Committee"),
    "standing_committee": Text("Ban Thường vụ", "Standing Committee"),
    "secretary": Text("Bí thư", "Secretary"),
    "deputy_secretary": Text("Phó Bí thư", "Deputy Secretary"),
    "city_delegate": Text("Đại biểu chính thức dự Đại hội Đảng bộ thành phố",
                          "Official delegate to the city congress"),
    "city_alternate": Text("Đại biểu dự khuyết dự Đại hội Đảng bộ thành phố",
                           "Alternate delegate to the city congress"),
}

POLL_STAGES = {
    "record_key_cadre_poll": "key_cadre",
    "record_executive_poll": "executive",
}

_ACTIVE = ["pool", "shortlisted", "key_cadre_polled", "selected", "executive_polled", "vetted",
           "submitted"]

DEFINITION = WorkflowDefinition(
    name="committee_nomination",
    label=Text("Nhân sự cấp ủy và đại biểu dự Đại hội cấp trên",
               "Committee personnel and delegates to the city congress"),
    states=[
        state("pool", "Nguồn quy hoạch", "Succession pool"),
        state("shortlisted", "Ban Thường vụ giới thiệu", "Shortlisted by the Standing Committee"),
        state("key_cadre_polled", "Đã lấy phiếu cán bộ chủ chốt", "Key-cadre poll taken"),
        state("selected", "Ban Thường vụ lựa chọn", "Selected by the Standing Committee"),
        state("executive_polled", "Đã lấy phiếu Ban Chấp hành", "Executive Committee poll taken"),
        state("vetted", "Đã thẩm định", "Vetted"),
        state("submitted", "Đã trình Thành ủy", "Submitted to the city"),
        state("appointed", "Đã có quyết định chỉ định", "Appointed by decision", terminal=True),
        state("dropped", "Không tiếp tục", "Not carried forward", terminal=True),
    ],
    transitions=[
        transition("shortlist", "pool", "shortlisted", roles=[Role.STANDING],
                   label=("Giới thiệu vào danh sách", "Shortlist")),
        transition("record_key_cadre_poll", "shortlisted", "key_cadre_polled",
                   roles=[Role.PERSONNEL, Role.STANDING],
                   label=("Ghi kết quả phiếu cán bộ chủ chốt", "Record the key-cadre poll"),
                   guards=["poll_entered"]),
        transition("select", "key_cadre_polled", "selected", roles=[Role.STANDING],
                   label=("Lựa chọn", "Select"), guards=["key_cadre_majority"]),
        transition("record_executive_poll", "selected", "executive_polled",
                   roles=[Role.PERSONNEL, Role.STANDING],
                   label=("Ghi kết quả phiếu Ban Chấp hành", "Record the Executive Committee poll"),
                   guards=["poll_entered"]),
        transition("vet", "executive_polled", "vetted", roles=[Role.PERSONNEL],
                   label=("Thẩm định đạt", "Vetting passed"), guards=["executive_majority"]),
        transition("submit_to_city", "vetted", "submitted", roles=[Role.STANDING],
                   label=("Trình Thành ủy", "Submit to the city"),
                   guards=["within_seats", "no_hold"]),
        transition("appoint", "submitted", "appointed", roles=[Role.STANDING, Role.PERSONNEL],
                   label=("Ghi quyết định chỉ định", "Record the appointment decision"),
                   guards=["decision_recorded", "no_hold"]),
        transition("drop", _ACTIVE, "dropped", roles=[Role.STANDING],
                   label=("Không tiếp tục", "Do not carry forward"), reason=True),
    ],
    guards=[
        guard("poll_entered", lambda item, ctx: ctx.get("poll") is not None,
              "Nhập kết quả phiếu (số người được triệu tập, số phiếu, tán thành, không tán "
              "thành) trong biểu mẫu kết quả phiếu.",
              "Enter the poll's counts (voters, ballots, for, against) in the poll form."),
        guard("key_cadre_majority", lambda item, ctx: bool(ctx.get("key_cadre_passed")),
              "Phiếu tại hội nghị cán bộ chủ chốt chưa quá một nửa ({key_cadre_result}).",
              "The key-cadre poll did not give more than half ({key_cadre_result})."),
        guard("executive_majority", lambda item, ctx: bool(ctx.get("executive_passed")),
              "Phiếu của Ban Chấp hành chưa quá một nửa ({executive_result}).",
              "The Executive Committee poll did not give more than half ({executive_result})."),
        guard("within_seats", lambda item, ctx: ctx.get("taken", 0) < ctx.get("seats", 0),
              "{body} đã đủ {seats} người được trình hoặc chỉ định.",
              "{body} already has its {seats} people submitted or appointed."),
        guard("no_hold", lambda item, ctx: not ctx.get("holds"),
              "Chưa thể trình hoặc chỉ định: {holds_text}.",
              "Cannot be submitted or appointed yet: {holds_text}."),
        guard("decision_recorded",
              lambda item, ctx: bool(ctx.get("decision_number")) and bool(
                  ctx.get("decision_date")),
              "Cần số và ngày của quyết định chỉ định: dùng biểu mẫu quyết định.",
              "The appointment needs the decision's number and date: use the decision form."),
    ],
)
