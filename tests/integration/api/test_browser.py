"""Real headless Chromium against the real server: login, dashboard, story page with its cascade map,
account page, feedback form; crawled <script>/<img onerror> titles must not run. Screenshots in
var/screenshots."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import chromium  # noqa: E402
from graph_seed import PASSWORD, XSS_TITLE  # noqa: E402

pytestmark = pytest.mark.integration

SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def _login(drv, url: str, role: str) -> None:
    drv.get(f"{url}/trang/dang-nhap?next=/")
    drv.find_element(By.ID, "username").send_keys(role)
    drv.find_element(By.ID, "password").send_keys(PASSWORD)
    drv.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "crisis-level")))


def _no_xss(drv) -> None:
    assert drv.execute_script("return typeof window.__xss") == "undefined"


def _wait_drawn(drv) -> None:
    WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.body.getAttribute('data-drawn')") == "1")


def test_pages_and_maps_in_chromium(live_api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    sid = live_api.seeded.false_story
    with chromium() as drv:
        drv.get(f"{live_api.url}/")
        assert "Đăng nhập" in drv.page_source  # 401 login page
        _login(drv, live_api.url, "investigator")
        _no_xss(drv)
        assert "Khủng hoảng" in drv.find_element(By.ID, "crisis-level").text or \
               "Nghiêm trọng" in drv.find_element(By.ID, "crisis-level").text
        assert XSS_TITLE in drv.find_element(By.ID, "fast-stories").text  # shown as text
        drv.save_screenshot(str(SHOTS / "dashboard.png"))

        drv.get(f"{live_api.url}/trang/cau-chuyen/{sid}")
        assert drv.find_element(By.ID, "story-title").text == XSS_TITLE
        _no_xss(drv)
        assert drv.find_elements(By.CSS_SELECTOR, "svg.chart polyline")
        time.sleep(0.5)
        drv.save_screenshot(str(SHOTS / "story.png"))

        # the cascade map itself: drawn, tooltip of the <script> title is plain text
        drv.get(f"{live_api.url}/maps/stories/{sid}/cascade")
        _wait_drawn(drv)
        _no_xss(drv)
        node = drv.execute_script(
            "var n = window.lantoaNetwork; var ids = n.body.data.nodes.getIds();"
            "var id = ids.find(function (i) { return (n.body.data.nodes.get(i).title || '').indexOf('<script>') >= 0; });"
            "var p = n.canvasToDOM(n.getPositions([id])[id]); return {id: id, x: p.x, y: p.y};")
        assert node["id"] == "art:0"
        canvas = drv.find_element(By.CSS_SELECTOR, "#net canvas")
        w, h = canvas.size["width"], canvas.size["height"]
        ActionChains(drv).move_to_element_with_offset(canvas, int(node["x"] - w / 2), int(node["y"] - h / 2)).perform()
        tip = WebDriverWait(drv, 10).until(
            lambda d: d.execute_script("var t = document.querySelector('div.vis-tooltip');"
                                       "return t && t.style.visibility !== 'hidden' && t.textContent ? t : null;"))
        assert "<script>" in tip.text and not drv.find_elements(By.CSS_SELECTOR, "div.vis-tooltip img, "
                                                                               "div.vis-tooltip script")
        time.sleep(0.3)
        _no_xss(drv)
        drv.save_screenshot(str(SHOTS / "cascade-map.png"))

        drv.get(f"{live_api.url}/trang/tai-khoan/{live_api.seeded.xss_account}")
        assert "onerror" in drv.find_element(By.ID, "account-name").text
        _no_xss(drv)

        drv.get(f"{live_api.url}/maps/network")
        _wait_drawn(drv)
        _no_xss(drv)
        drv.save_screenshot(str(SHOTS / "network-map.png"))


def test_analyst_sees_pseudonyms_and_no_account_pages(live_api):
    with chromium() as drv:
        _login(drv, live_api.url, "analyst")
        drv.get(f"{live_api.url}/trang/cau-chuyen/{live_api.seeded.false_story}")
        text = drv.find_element(By.ID, "amplifiers").text
        assert "an-danh:" in text and "Tài khoản 1" not in text.replace("Tài khoản khuếch", "")
        drv.get(f"{live_api.url}/trang/tai-khoan/{live_api.seeded.person_account}")
        assert "Không có quyền" in drv.page_source


def test_feedback_form_posts_to_feedback_endpoint(live_api):
    with chromium() as drv:
        drv.get(f"{live_api.url}/trang/phan-anh")
        drv.find_element(By.ID, "subject_text").send_keys("Trang Tin Nóng Đất Tổ")
        drv.find_element(By.ID, "message").send_keys("Trang này đăng tin sai sự thật về bắt cóc trẻ em ở Thanh Ba.")
        drv.find_element(By.ID, "contact_email").send_keys("nguoidan@example.vn")
        drv.find_element(By.CSS_SELECTOR, "#feedback-form button[type=submit]").click()
        res = WebDriverWait(drv, 20).until(
            lambda d: d.find_element(By.ID, "feedback-result").text or None)
        drv.save_screenshot(str(SHOTS / "feedback.png"))
        assert "Đã nhận phản ánh" in res, res


def test_openapi_docs_render_offline(live_api):
    with chromium() as drv:
        drv.get(f"{live_api.url}/docs")
        WebDriverWait(drv, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) > 20)
        assert "cdn" not in drv.page_source.split("<body")[0].lower()
        assert "Vai trò được phép" in drv.page_source or drv.find_elements(By.CSS_SELECTOR, ".opblock-summary")
        drv.save_screenshot(str(SHOTS / "openapi-docs.png"))
