"""The personnel pages over HTTP: scope (another organization answers 404), htmx fragments,
bulk actions whose rows swap in place, 422/409 answers, exports and their audit entries."""

import io
import re

import pytest
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.personnel.models import Nomination

from .conftest import free_members, unit

pytestmark = pytest.mark.demo


def ids(app, **where):
    with app.app_context():
        stmt = select(Nomination.id).order_by(Nomination.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Nomination, key) == value)
        return db.session.scalars(stmt).all()


def state(app, item_id):
    with app.app_context():
        return db.session.get(Nomination, item_id).state


def org_id(app, code):
    with app.app_context():
        return unit(code).id


def member_of(app, code):
    with app.app_context():
        return free_members(code, 1)[0].id


# -- scope -------------------------------------------------------------------------------------


def test_a_secretary_opens_their_own_organization_from_my_organization(app, client):
    client.login("bithu")
    response = client.get("/personnel/my")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/personnel/orgs/{org_id(app, 'CBTT01')}")


def test_another_organization_answers_404_to_a_secretary(app, client):
    other = org_id(app, "CBCS01")
    theirs = ids(app, org_unit_id=other)[0]
    client.login("bithu")
    assert client.get(f"/personnel/orgs/{other}").status_code == 404
    assert client.post(f"/personnel/orgs/{other}/nominations",
                       data={"member_id": member_of(app, "CBCS01"), "kind": "official"}
                       ).status_code == 404
    assert client.post(f"/personnel/orgs/{other}/submit").status_code == 404
    assert client.get(f"/personnel/nominations/{theirs}").status_code == 404
    assert client.post(f"/items/nomination/{theirs}/actions/withdraw",
                       data={"reason": "x"}).status_code == 404
    assert state(app, theirs) == "draft"


def test_a_secretary_nominates_and_sends_for_vetting(app, client):
    mine = org_id(app, "CBTT01")
    client.login("bithu")
    page = client.get(f"/personnel/orgs/{mine}").text
    assert "Giới thiệu đại biểu" in page
    member = member_of(app, "CBTT01")
    response = client.post(f"/personnel/orgs/{mine}/nominations",
                           data={"member_id": member, "kind": "official"}, htmx=True)
    assert response.status_code == 200 and 'id="org-nominations"' in response.text
    assert "<html" not in response.text  # the fragment only
    (item,) = ids(app, org_unit_id=mine)
    response = client.post(f"/personnel/orgs/{mine}/submit", htmx=True)
    assert response.status_code == 200 and state(app, item) == "submitted"


def test_over_quota_answers_422_with_the_message_in_the_form(app, client):
    mine = org_id(app, "CBTT01")
    client.login("bithu")
    with app.app_context():
        from intranet.personnel.allocation import line_for, published_allocation

        seats = line_for(published_allocation().id, mine).seats
        people = [m.id for m in free_members("CBTT01", seats + 1)]
    for member in people[:-1]:
        assert client.post(f"/personnel/orgs/{mine}/nominations",
                           data={"member_id": member, "kind": "official"}).status_code == 200
    response = client.post(f"/personnel/orgs/{mine}/nominations",
                           data={"member_id": people[-1], "kind": "official"}, htmx=True)
    assert response.status_code == 422 and "invalid-feedback" in response.text
    assert len(ids(app, org_unit_id=mine)) == seats


def test_a_missing_member_is_422(app, client):
    client.login("bithu")
    response = client.post(f"/personnel/orgs/{org_id(app, 'CBTT01')}/nominations",
                           data={"member_id": "", "kind": "official"}, htmx=True)
    assert response.status_code == 422


# -- queues ------------------------------------------------------------------------------------


def vetting_rows(app):
    return ids(app, state="submitted")


def test_bulk_vetting_swaps_the_rows_in_place(app, client):
    rows = vetting_rows(app)
    chosen, untouched = rows[:2], rows[2]
    client.login("nhansu")
    page = client.get("/personnel/review/vetting").text
    assert all(f'id="queue-row-{i}"' in page for i in rows)
    data = {"action": "vet", "ids": chosen, "shown": rows}
    response = client.post("/personnel/review/vetting", data=data, htmx=True)
    assert response.status_code == 200
    assert json_trigger(response) == "tasks-changed"
    for i in rows:  # every row shown is still there, in place
        assert f'id="queue-row-{i}"' in response.text
    assert [state(app, i) for i in chosen] == ["vetted", "vetted"]
    assert state(app, untouched) == "submitted"
    assert re.search(rf'id="queue-row-{chosen[0]}" class="table-success"', response.text)
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.seq)).where(
            AuditEntry.action == "vet", AuditEntry.entity_id.in_([str(i) for i in chosen]))) == 2


def test_a_queue_counts_what_waits_on_every_page_even_past_the_end(app):
    from intranet.personnel import lists
    from intranet.personnel.allocation import published_allocation

    waiting = len(vetting_rows(app))
    with app.test_request_context():
        allocation, queue = published_allocation(), lists.QUEUES["vetting"]
        rows, total = lists.queue_rows(allocation, queue, lists.Filters(), per_page=2)
        assert (len(rows), total) == (2, waiting)
        last_page = lists.Filters(page=(waiting + 1) // 2)
        rows, total = lists.queue_rows(allocation, queue, last_page, per_page=2)
        assert (len(rows), total) == (waiting % 2 or 2, waiting)
        past_the_end = lists.Filters(page=99)
        assert lists.queue_rows(allocation, queue, past_the_end, per_page=2) == ([], waiting)
        nobody = lists.Filters(q="no such name")
        assert lists.queue_rows(allocation, queue, nobody, per_page=2) == ([], 0)


def json_trigger(response):
    return response.headers.get("HX-Trigger")


def test_returning_without_a_reason_is_422_and_changes_nothing(app, client):
    rows = vetting_rows(app)
    client.login("nhansu")
    response = client.post("/personnel/review/vetting", htmx=True, data={
        "action": "return_from_vetting", "ids": rows[:1], "shown": rows})
    assert response.status_code == 422 and "is-invalid" in response.text
    assert state(app, rows[0]) == "submitted"


def test_every_row_on_the_page_at_once(app, client):
    rows = vetting_rows(app)
    client.login("nhansu")
    response = client.post("/personnel/review/vetting", htmx=True, data={
        "action": "return_from_vetting", "all_on_page": "1", "shown": rows,
        "reason": "Đề nghị bổ sung hồ sơ"})
    assert response.status_code == 200
    assert {state(app, i) for i in rows} == {"returned"}


def test_nothing_selected_is_422(client):
    client.login("nhansu")
    assert client.post("/personnel/review/vetting", data={"action": "vet"},
                       htmx=True).status_code == 422


def test_a_stale_row_is_refused_and_marked(app, client):
    rows = vetting_rows(app)
    client.login("nhansu")
    response = client.post("/personnel/review/vetting", htmx=True, data={
        "action": "vet", "ids": rows[:1], "shown": rows[:1], f"v-{rows[0]}": "1"})
    assert response.status_code == 200 and "table-warning" in response.text
    assert state(app, rows[0]) == "submitted"


def test_appointment_by_decision_from_the_queue(app, client):
    approved = ids(app, state="approved")
    client.login("thuongvu")
    response = client.post("/personnel/review/appointment", htmx=True, data={
        "action": "appoint", "ids": approved, "shown": approved})
    assert response.status_code == 422  # no decision number yet
    response = client.post("/personnel/review/appointment", htmx=True, data={
        "action": "appoint", "ids": approved, "shown": approved, "number": "140-QĐ/ĐU",
        "decided_on": "2025-08-10"})
    assert response.status_code == 200
    assert {state(app, i) for i in approved} == {"appointed"}
    assert "140-QĐ/ĐU" in response.text


def test_the_queues_are_for_their_subcommittee_only(client):
    client.login("nhansu")
    assert client.get("/personnel/review/approval").status_code == 403
    client.logout()
    client.login("thuongvu")
    assert client.get("/personnel/review/vetting").status_code == 403
    assert client.get("/personnel/review/approval").status_code == 200


def test_queue_filters(app, client):
    rows = vetting_rows(app)
    client.login("nhansu")
    page = client.get("/personnel/review/vetting?kind=alternate", htmx=True).text
    alternates = set(ids(app, state="submitted", kind="alternate"))
    assert {int(i) for i in re.findall(r'id="queue-row-(\d+)"', page)} == alternates
    assert alternates < set(rows)



def waiting_for_vetting(app):
    """(id, organization, its kind, delegate kind, name) of every nomination in the queue."""
    from intranet.org.models import Member, OrgUnit

    with app.app_context():
        return db.session.execute(
            select(Nomination.id, OrgUnit.id, OrgUnit.kind, Nomination.kind, Member.full_name)
            .join(Nomination.org_unit).join(Nomination.member)
            .where(Nomination.state == "submitted")).all()


def test_each_queue_filter_alone_and_together_keeps_the_rows_it_names(app, client):
    waiting = waiting_for_vetting(app)
    some = waiting[0]
    word = some.full_name.split()[-1]
    cases = {
        f"org={some[1]}": lambda r: r[1] == some[1],
        f"org_kind={some.kind}": lambda r: r.kind == some.kind,
        "kind=official": lambda r: r[3] == "official",
        f"q={word}": lambda r: word.lower() in r.full_name.lower(),
        f"org_kind={some.kind}&kind={some[3]}&q={word}":
            lambda r: r.kind == some.kind and r[3] == some[3]
            and word.lower() in r.full_name.lower(),
    }
    client.login("nhansu")
    for query, keeps in cases.items():
        page = client.get(f"/personnel/review/vetting?{query}", htmx=True).text
        expected = {r.id for r in waiting if keeps(r)}
        assert expected, query
        assert {int(i) for i in re.findall(r'id="queue-row-(\d+)"', page)} == expected, query
        assert f"{len(expected)} " in re.search(r"<p class=\"small text-body-secondary mb-1\">"
                                                r"([^<]*)</p>", page).group(1), query

# -- one nomination's own forms ----------------------------------------------------------------


def test_not_summoned_needs_its_category(app, client):
    item = ids(app, state="appointed", kind="official")[0]
    client.login("thuongvu")
    url = f"/personnel/nominations/{item}/not-summon"
    response = client.post(url, data={"reason": "Chuyển công tác"}, htmx=True)
    assert response.status_code == 422 and state(app, item) == "appointed"
    response = client.post(url, htmx=True, data={"category": "transferred",
                                                  "reason": "Chuyển công tác"})
    assert response.status_code == 200 and state(app, item) == "not_summoned"


def test_the_generic_panel_leaves_out_the_steps_with_their_own_form(app, client):
    item = ids(app, state="approved")[0]
    client.login("thuongvu")
    panel = client.get(f"/items/nomination/{item}/actions").text
    assert "/actions/appoint" not in panel and "/actions/reconsider" in panel
    page = client.get(f"/personnel/nominations/{item}").text
    assert f"/personnel/nominations/{item}/appoint" in page


def test_appointing_one_nomination_from_its_page(app, client):
    item = ids(app, state="approved")[0]
    client.login("thuongvu")
    response = client.post(f"/personnel/nominations/{item}/appoint", htmx=True,
                           data={"number": "141-QĐ/ĐU", "decided_on": "2025-08-11"})
    assert response.status_code == 200 and state(app, item) == "appointed"
    response = client.post(f"/personnel/nominations/{item}/appoint", htmx=True,
                           data={"number": "141-QĐ/ĐU", "decided_on": "2025-08-11"})
    assert response.status_code == 409  # already appointed: the page was stale


# -- quota page --------------------------------------------------------------------------------


def test_the_quota_page_shows_the_calculation(client):
    client.login("bithu")
    page = client.get("/personnel/quota").text
    assert "223" in page and "2.846" in page and "12,7623" in page


def test_calculate_and_adjust_on_the_page(app, client, ward):
    client.login("nhansu")
    response = client.post("/personnel/quota/calculate", htmx=True,
                           data={"total": "250", "minimum": "3", "alternates": "1"})
    assert response.status_code == 422 and "306" in response.text  # 102 × 3 > 223
    response = client.post("/personnel/quota/calculate", htmx=True,
                           data={"total": "250", "minimum": "1", "alternates": "1"})
    assert response.headers["HX-Redirect"].endswith("/personnel/quota")
    page = client.get("/personnel/quota").text
    line = re.search(r'action="/personnel/quota/lines/(\d+)"', page).group(1)
    response = client.post(f"/personnel/quota/lines/{line}", htmx=True,
                           data={"seats": "5", "alternates": "1", "reason": ""})
    assert response.status_code == 422
    response = client.post(f"/personnel/quota/lines/{line}", htmx=True,
                           data={"seats": "5", "alternates": "1", "reason": "Theo đề án"})
    assert response.status_code == 200 and "Theo đề án" in response.text


# -- exports -----------------------------------------------------------------------------------


def exports_recorded(app):
    with app.app_context():
        return db.session.scalars(select(AuditEntry.entity_type).where(
            AuditEntry.action == "export").order_by(AuditEntry.seq)).all()


def test_the_delegate_list_as_xlsx_with_its_structure(app, client):
    from openpyxl import load_workbook

    client.login("thamtra")
    response = client.get("/personnel/delegates.xlsx?category=ex_officio")
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    book = load_workbook(io.BytesIO(response.data))
    delegates, structure = book.worksheets
    assert delegates.max_row == 4 + 27  # title, subtitle, blank, headings, 27 rows
    assert structure["A6"].value is not None
    assert exports_recorded(app) == ["delegate_list"]


def test_the_delegate_list_as_docx(app, client):
    from docx import Document

    client.login("thuongvu")
    response = client.get("/personnel/delegates.docx")
    document = Document(io.BytesIO(response.data))
    delegates, structure = document.tables
    with app.app_context():
        listed = 27 + db.session.scalar(select(func.count(Nomination.id)).where(
            Nomination.state != "withdrawn"))
    assert len(delegates.rows) == 1 + listed
    assert structure.rows[-1].cells[0].text == "Tổng cộng"
    assert exports_recorded(app) == ["delegate_list"]


def test_the_decision_annex_lists_whom_it_appointed(app, client):
    from docx import Document

    client.login("nhansu")
    page = client.get("/personnel/delegates").text
    annex = re.search(r'href="(/personnel/decisions/\d+/annex.docx)"', page).group(1)
    document = Document(io.BytesIO(client.get(annex).data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "125-QĐ/ĐU" in text and "05/08/2025" in text
    with app.app_context():
        appointed = db.session.scalar(select(func.count(Nomination.id)).where(
            Nomination.decision_id.is_not(None)))
    assert sum(len(t.rows) - 1 for t in document.tables) == appointed
    assert exports_recorded(app) == ["appointment_decision"]


def test_exports_are_for_the_roles_that_may_take_personal_data(client):
    client.login("bch")
    assert client.get("/personnel/delegates").status_code == 200
    assert client.get("/personnel/delegates.xlsx").status_code == 403
