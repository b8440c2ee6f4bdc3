"""An outlet's representative in real headless Chromium (issue 18): logs in, lands on its outlet's report page,
submits the report asked of it with a PDF, is refused a disguised file with a clear message; the department's press
officer then sees the outlet that missed its deadline and not the one that reported. Screenshots in
var/test-artefacts/."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from live_api import running_api
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from casework import outlet_reports as orep
from casework import registry
from graph.repository import GraphWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from browser import chromium  # noqa: E402

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]
SHOTS = REPO / "var" / "test-artefacts"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-thu-nghiem-1"
GOOD, LATE = "baophutho.vn", "phuthotv.vn"
XSS = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def site(neo4j_driver, neo4j_connection, neo4j_env, tmp_path_factory):
    from api.auth import UserStore

    database = neo4j_connection[2]
    w = GraphWriter(neo4j_driver, database=database)
    now = datetime.now(TZ)
    w.write("load/registry_outlets", registry.parse_records("outlets", [
        {"id": GOOD, "name": "Báo Phú Thọ"}, {"id": LATE, "name": f"Đài PT-TH {XSS}"}], by="t", at=now).rows)
    store = UserStore(neo4j_driver, database=database)
    for uid, roles in (("bt.good", ["outlet_reporter"]), ("bt.late", ["outlet_reporter"]),
                       ("so.bc", ["press_officer"])):
        store.add_user(uid, PASSWORD, roles)
    orep.set_representative(w, GOOD, "bt.good")
    orep.set_representative(w, LATE, "bt.late")
    # a request made yesterday, due an hour ago, asked of both outlets (written as the API writes it)
    due = now - timedelta(hours=1)
    rid = orep.request_id("so.bc", "Trả lời văn bản 7/STTTT", due, "none", [GOOD, LATE])
    w.run("load/report_requests", {"rows": [{
        "id": rid, "title": f"Trả lời văn bản 7/STTTT {XSS}", "text": None, "period": "none",
        "created_at": (now - timedelta(days=1)).isoformat(), "created_by": "so.bc",
        "dues": orep.due_rows(rid, orep.due_dates(due + timedelta(hours=2), "none"), [GOOD])
        + orep.due_rows(rid, [due], [LATE])}]})
    data_dir = tmp_path_factory.mktemp("outlet-site")
    files = tmp_path_factory.mktemp("uploads")
    (files / "Trả lời.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    (files / "gia-mao.pdf").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")
    with running_api(neo4j_env, data_dir) as url:
        yield {"url": url, "files": files, "data_dir": data_dir}


def _login(drv, url: str, user: str) -> None:
    drv.delete_all_cookies()
    drv.get(f"{url}/trang/dang-nhap?next=/")
    drv.find_element(By.ID, "username").send_keys(user)
    drv.find_element(By.ID, "password").send_keys(PASSWORD)
    drv.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()


def _wait_for(drv, element_id: str) -> None:
    try:
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, element_id)))
    except TimeoutException:
        pytest.fail(f"no #{element_id} at {drv.current_url}: {drv.page_source[:1500]}")


def _submit(drv, title: str, path: Path) -> None:
    Select(drv.find_element(By.ID, "due-select")).select_by_index(1)
    drv.find_element(By.ID, "report-title").send_keys(title)
    drv.find_element(By.ID, "report-files").send_keys(str(path))
    drv.find_element(By.ID, "submit-report").click()


def test_an_outlet_reports_in_chromium_and_the_department_sees_who_is_late(site):
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = site["url"]
    with chromium() as drv:
        _login(drv, url, "bt.good")
        _wait_for(drv, "submit-form")
        assert drv.current_url.startswith(f"{url}/trang/bao-cao-bao-chi")
        assert GOOD in drv.find_element(By.TAG_NAME, "h1").text
        assert drv.find_elements(By.CSS_SELECTOR, "#dues tr[data-status]")[0].get_attribute("data-status") == \
            "pending"
        # a disguised file: refused with the reason, nothing recorded
        _submit(drv, "Báo cáo có tệp giả", site["files"] / "gia-mao.pdf")
        _wait_for(drv, "submit-error")
        assert "nội dung không phải" in drv.find_element(By.ID, "submit-error").text
        assert drv.find_elements(By.CSS_SELECTOR, "#reports tr[data-report]") == []
        drv.save_screenshot(str(SHOTS / "outlet-report-refused.png"))
        # the real report, in time
        _submit(drv, "Trả lời văn bản 7/STTTT", site["files"] / "Trả lời.pdf")
        _wait_for(drv, "submit-done")
        assert [r.get_attribute("data-status") for r in drv.find_elements(By.CSS_SELECTOR, "#dues tr[data-status]")] \
            == ["on_time"]
        assert len(drv.find_elements(By.CSS_SELECTOR, "#reports tr[data-report]")) == 1
        assert LATE not in drv.page_source  # nothing of the other outlet
        drv.save_screenshot(str(SHOTS / "outlet-report-submitted.png"))

        _login(drv, url, "bt.late")
        _wait_for(drv, "submit-form")
        assert drv.find_elements(By.CSS_SELECTOR, "#reports tr[data-report]") == []  # not the other's report

        _login(drv, url, "so.bc")
        drv.get(f"{url}/trang/bao-cao-bao-chi")
        _wait_for(drv, "late-outlets")
        late = {r.get_attribute("data-outlet") for r in drv.find_elements(By.CSS_SELECTOR, "#late-outlets tr[data-outlet]")}
        assert late == {LATE}
        assert drv.execute_script("return window.__xss === undefined")
        assert XSS in drv.find_element(By.ID, "late-outlets").text  # shown as text, not run
        drv.save_screenshot(str(SHOTS / "outlet-reports-late.png"))
    assert list((site["data_dir"] / "evidence").rglob("*.gz"))  # the PDF is in the evidence store
