"""A document from draft to approval, in the browser, on the demo data:

the Documents Subcommittee freezes and circulates the Resolution; a citizen comments through
the public link (no login); a clerk types in a batch of paper forms; the subcommittee closes
the comments and records dispositions (one, then the rest in bulk); the Standing Committee
approves; the timeline shows every stage. Screenshots of every page, also at phone width.
"""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import DEMO_PASSWORD, base_config
from .conftest import log_in, log_out, screenshot, settled

pytestmark = [pytest.mark.e2e, pytest.mark.demo]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def app_config(database_url, tmp_path):
    # A person takes more than a second to write a comment; the test waits that long too.
    return base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path),
                       DOCUMENTS_PUBLIC_MIN_FILL_SECONDS=1)


def open_document(page, title_part: str):
    page.goto("/documents/")
    page.get_by_role("link", name=re.compile(title_part)).first.click()
    expect(page.locator("#doc-summary h1")).to_contain_text(title_part)
    settled(page)  # the page's forms are htmx's before the test uses them


def at_phone_width(page, name: str):
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(size)


def test_a_document_from_draft_to_approval(page, browser, live_server):
    # -- the Documents Subcommittee freezes the draft and circulates it -----------------------
    log_in(page, "vankien", DEMO_PASSWORD)
    page.get_by_role("link", name="Văn kiện").first.click()
    expect(page.get_by_role("heading", name="Văn kiện đại hội")).to_be_visible()
    screenshot(page, "documents-list")
    at_phone_width(page, "documents-list")
    page.get_by_label("Bước xử lý").select_option("approved")
    expect(page.locator("#document-list")).to_contain_text("2 văn kiện")
    page.get_by_label("Bước xử lý").select_option("")

    open_document(page, "Nghị quyết Đại hội")
    page.get_by_role("link", name="Soạn thảo nội dung").click()
    expect(page.get_by_role("heading", name=re.compile("Dự thảo lần 1"))).to_be_visible()
    screenshot(page, "documents-editor")
    page.get_by_role("button", name="Chốt dự thảo lần 1").click()
    expect(page.get_by_text("Đã chốt dự thảo lần 1")).to_be_visible()

    panel = page.locator("[id^=actions-document-]")
    expect(panel.get_by_role("group", name="Gửi lấy ý kiến")).to_be_visible()
    screenshot(page, "documents-draft-frozen")
    panel.get_by_role("button", name=re.compile("Gửi lấy ý kiến →")).click()
    expect(panel.get_by_text("Đã xong: hiện ở “Đang lấy ý kiến”.")).to_be_visible()
    expect(page.locator("#doc-summary")).to_contain_text("Đợt 1 lấy ý kiến dự thảo lần 1")
    public_link = page.locator("a.public-link").inner_text()
    screenshot(page, "documents-circulated")

    page.get_by_role("link", name="Áp phích khổ A4").click()
    expect(page.get_by_role("heading", name="MỜI GÓP Ý")).to_be_visible()
    screenshot(page, "documents-poster")
    page.emulate_media(media="print")
    screenshot(page, "documents-poster-print")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # the poster fits one A4 sheet
    page.emulate_media(media="screen")
    log_out(page)

    # -- a citizen comments through the public link, without logging in ---------------------
    citizen = browser.new_context(locale="vi-VN", viewport=PHONE)
    phone = citizen.new_page()
    phone.goto(public_link)
    expect(phone.get_by_role("heading", name=re.compile("Góp ý dự thảo"))).to_be_visible()
    screenshot(phone, "public-page-phone")
    phone.get_by_label("Góp ý cho phần nào").select_option(index=2)
    phone.get_by_role("textbox", name="Ý kiến của bạn").fill(
        "Đề nghị bổ sung chỉ tiêu về cây xanh đô thị.")
    phone.get_by_label("Họ tên (không bắt buộc)").fill("Trần Thị Mai")
    phone.wait_for_timeout(1100)  # the minimum time to fill the form
    phone.get_by_role("button", name="Gửi ý kiến").click()
    expect(phone.get_by_role("heading", name=re.compile("Cảm ơn bạn"))).to_be_visible()
    receipt = phone.locator(".receipt-number").inner_text()
    assert receipt.startswith("NQ-")
    screenshot(phone, "public-receipt-phone")
    citizen.close()

    # -- a clerk types in a batch of paper forms -------------------------------------------------
    log_in(page, "vanthu", DEMO_PASSWORD)
    open_document(page, "Nghị quyết Đại hội")
    page.get_by_role("link", name="Phiếu góp ý giấy").first.click()
    page.get_by_label("Tên lô phiếu").fill("Phiếu góp ý Tổ dân phố Dương Quan 1")
    page.get_by_label("Số ý kiến kê khai").fill("2")
    page.get_by_role("button", name="Tạo lô phiếu").click()
    for source, text in (("member", "Nhất trí với dự thảo."),
                         ("citizen", "Đề nghị nêu rõ tiến độ chỉnh trang đô thị.")):
        page.get_by_label("Nguồn ý kiến").select_option(source)
        page.get_by_label("Nội dung ý kiến").fill(text)
        page.get_by_role("button", name="Nhập", exact=True).click()
        expect(page.locator("#batch-entry")).to_contain_text(text)
    expect(page.get_by_text("Số lượng khớp.")).to_be_visible()
    screenshot(page, "documents-paper-batch")
    at_phone_width(page, "documents-paper-batch")
    page.get_by_role("button", name="Hoàn tất", exact=True).click()
    expect(page.get_by_role("cell", name="hoàn tất")).to_be_visible()
    screenshot(page, "documents-paper-batches")
    log_out(page)

    # -- the subcommittee closes the comments and records the dispositions ------------------------
    log_in(page, "vankien", DEMO_PASSWORD)
    open_document(page, "Nghị quyết Đại hội")
    expect(page.locator("#comment-list")).to_contain_text("3 ý kiến phù hợp")
    panel = page.locator("[id^=actions-document-]")
    panel.get_by_label("Lý do “Kết thúc sớm”").fill("Đã đủ ý kiến các tổ chức đảng")
    panel.get_by_role("button", name=re.compile("Kết thúc sớm →")).click()
    expect(page.locator("#doc-summary .doc-state")).to_have_text("Ban Thường vụ chỉnh lý")
    page.wait_for_load_state("networkidle")  # the regions that follow the item have reloaded

    first = page.locator("article.comment").filter(has_text="cây xanh")
    first.get_by_role("link", name="Tiếp thu, giải trình").click()
    first.get_by_label("Tiếp thu, giải trình").select_option("accepted")
    screenshot(page, "documents-disposition-form")
    first.get_by_role("button", name="Lưu").click()
    expect(first.locator(".disposition-accepted")).to_have_text("Tiếp thu")

    page.locator("#f-disposition").select_option("pending")  # the filter swaps the list
    expect(page.locator("#comment-list")).to_contain_text("2 ý kiến phù hợp")
    page.get_by_text("Xử lý nhiều ý kiến cùng lúc").click()
    page.get_by_role("button", name="Chọn tất cả trên trang này").click()
    page.locator("#bulk-disposition").select_option("noted")
    page.get_by_role("button", name="Ghi kết quả tiếp thu").click()
    expect(page.get_by_text("Đã ghi kết quả tiếp thu, giải trình cho 2 ý kiến.")).to_be_visible()
    expect(page.locator("#comment-list")).to_contain_text("0 ý kiến phù hợp")
    page.locator("#f-disposition").select_option("")
    expect(page.locator("#comment-list .disposition-accepted")).to_have_count(1)
    screenshot(page, "documents-dispositions")
    at_phone_width(page, "documents-dispositions")
    log_out(page)

    # -- the Standing Committee approves -----------------------------------------------------------
    log_in(page, "thuongvu", DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile("Nghị quyết Đại hội")).first.click()  # my tasks
    decision = page.get_by_role("group", name="Quyết định của Ban Thường vụ")
    decision.get_by_label("Số phiếu tán thành").fill("4")
    decision.get_by_role("button", name=re.compile("Thông qua →")).click()
    expect(page.get_by_text("Chưa đạt quá nửa tổng số ủy viên Ban Thường vụ tán thành (4/9)."))\
        .to_be_visible()
    decision = page.get_by_role("group", name="Quyết định của Ban Thường vụ")
    decision.get_by_label("Số phiếu tán thành").fill("9")
    decision.get_by_role("button", name=re.compile("Thông qua →")).click()
    expect(page.locator("#doc-summary .doc-state")).to_have_text("Đã thông qua")
    expect(page.locator("#doc-summary")).to_contain_text("9/9 ủy viên tán thành")
    timeline = page.locator(".timeline")
    for stage in ("Dự thảo", "Đang lấy ý kiến", "Ban Thường vụ chỉnh lý", "Đã thông qua"):
        expect(timeline).to_contain_text(stage)
    expect(timeline).to_contain_text("Đã đủ ý kiến các tổ chức đảng")
    screenshot(page, "documents-approved")
    at_phone_width(page, "documents-approved")

    page.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.get_by_role("heading", name="Báo cáo tổng hợp ý kiến")).to_be_visible()
    expect(page.locator("svg.bar-chart")).to_have_count(3)
    screenshot(page, "documents-report")
    at_phone_width(page, "documents-report")
    assert page.console_errors == [], page.console_errors


def test_a_clerk_types_in_a_comment_from_the_press(page, live_server):
    """The clerk's form is fetched when its section is opened, then records a comment."""
    log_in(page, "vanthu", DEMO_PASSWORD)
    open_document(page, "Báo cáo kiểm điểm")
    section = page.locator("#clerk-form")
    expect(section.get_by_label("Họ tên người góp ý (nếu có)")).to_have_count(0)
    section.locator("summary").click()
    form = section.locator("form")
    form.get_by_label("Hình thức nhận").select_option("mass_media")
    form.get_by_label("Nguồn ý kiến").select_option("citizen")
    form.get_by_label("Họ tên người góp ý (nếu có)").fill("Báo Hải Phòng")
    form.get_by_label("Nội dung ý kiến").fill("Đề nghị bổ sung số liệu về cây xanh đô thị.")
    screenshot(page, "documents-clerk-form")
    form.get_by_role("button", name="Ghi nhận ý kiến").click()
    expect(section.get_by_role("status")).to_have_text("Đã ghi nhận ý kiến.")
    expect(section.locator("details")).to_have_attribute("open", "")
    at_phone_width(page, "documents-clerk-form")
    assert page.console_errors == [], page.console_errors
