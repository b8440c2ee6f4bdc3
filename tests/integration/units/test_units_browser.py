"""A commune's officer in real headless Chromium (issue 18): logs in, lands on its own unit's page, sees only its
commune's alerts and stories (not another commune's), acknowledges one; the information department's user then sees
that unit's response time. Screenshots in var/test-artefacts/."""

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
from selenium.webdriver.support.ui import WebDriverWait

from api.cli_units import load_all
from casework import units
from casework.delivery import route_pass
from casework.delivery_settings import DeliverySettings
from common.errors import ValidationError
from graph.repository import GraphReader, GraphWriter
from nlp.gazetteer import load_gazetteer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import chromium  # noqa: E402
from test_units_delivery import _alert, _story  # noqa: E402

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]
SHOTS = REPO / "var" / "test-artefacts"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
INFO = "unit:org:pt:so-vhttdl"
PASSWORD = "mat-khau-thu-nghiem-1"
XSS = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def site(neo4j_driver, neo4j_connection, neo4j_env, tmp_path_factory):
    database = neo4j_connection[2]
    load_all(neo4j_driver, database=database)
    g = load_gazetteer()
    communes = sorted((p for p in g.places.values() if p["level"] == "commune"), key=lambda p: p["id"])
    mine, other = communes[0], communes[1]
    w, r = GraphWriter(neo4j_driver, database=database), GraphReader(neo4j_driver, database=database)
    at = datetime.now(TZ) - timedelta(minutes=45)
    _story(w, "s-mine", place_id=mine["id"], place_name=mine["name"], at=at, topics=[],
           title=f"Sạt lở đất ở {mine['name']} {XSS}")
    _story(w, "s-other", place_id=other["id"], place_name=other["name"], at=at, topics=[],
           title=f"Ngập úng ở {other['name']}")
    _alert(w, "al-mine", level=3, at=at, story_id="s-mine", title=f"Tin tiêu cực về {mine['name']} {XSS}")
    _alert(w, "al-other", level=2, at=at, story_id="s-other", title=f"Tin tiêu cực về {other['name']}")
    route_pass(r, w, now=at, s=DeliverySettings())
    # a third commune whose name carries markup, to show the map escapes unit names
    evil = next(u for u in units.commune_rows() if u["place_id"] == communes[2]["id"])
    units.load_units(w, [{**evil, "name": f"Xã {XSS}<script>window.__xss=2</script>"}])
    from api.auth import UserStore, ensure_auth_schema

    ensure_auth_schema(neo4j_driver, database=database)
    store = UserStore(neo4j_driver, database=database)
    mu, ou = units.unit_id_for(mine["id"]), units.unit_id_for(other["id"])
    for uid, unit, roles in (("canbo.xa", mu, ["unit_officer"]), ("canbo.khac", ou, ["unit_officer"]),
                             ("canbo.vhttdl", INFO, ["unit_officer"]), ("phan.tich", None, ["analyst"])):
        store.add_user(uid, PASSWORD, roles)
        if unit:
            units.set_membership(w, unit, uid)
    data_dir = tmp_path_factory.mktemp("units-site")
    with running_api(neo4j_env, data_dir) as url:
        yield {"url": url, "mine": mine, "other": other, "mu": mu, "ou": ou, "w": w, "evil": communes[2]}


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


def test_an_officer_is_bound_to_one_unit(site):
    with pytest.raises(ValidationError, match="bound to one unit"):
        units.set_membership(site["w"], site["ou"], "canbo.xa")


def test_commune_officer_sees_only_its_commune_acknowledges_and_the_department_sees_the_time(site):
    SHOTS.mkdir(parents=True, exist_ok=True)
    url, mine, other, mu, ou = (site[k] for k in ("url", "mine", "other", "mu", "ou"))
    with chromium() as drv:
        _login(drv, url, "canbo.xa")
        # the dashboard sends a unit's officer to its own unit's page
        _wait_for(drv, "unit-alerts")
        assert drv.find_element(By.ID, "unit-name").text == mine["name"]
        alerts = drv.find_element(By.ID, "unit-alerts").text
        stories = drv.find_element(By.ID, "unit-stories").text
        assert f"Tin tiêu cực về {mine['name']}" in alerts and XSS in alerts  # the crawled markup shown as text
        assert f"Sạt lở đất ở {mine['name']}" in stories
        assert other["name"] not in alerts and other["name"] not in stories
        assert drv.execute_script("return typeof window.__xss") == "undefined"
        # the rest of the department's pages are not this role's; nor is the other commune's page
        drv.get(f"{url}/trang/cau-chuyen")
        assert "Không có quyền" in drv.page_source
        drv.get(f"{url}/trang/don-vi/{ou}")
        assert "Không có quyền" in drv.page_source and other["name"] not in drv.page_source
        drv.get(f"{url}/trang/phan-hoi-don-vi")
        assert "Không có quyền" in drv.page_source

        drv.get(f"{url}/trang/don-vi")
        row = WebDriverWait(drv, 20).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "tr[data-alert='al-mine']")))
        row.find_element(By.NAME, "note").send_keys("Đã giao công an xã xác minh")
        row.find_element(By.CSS_SELECTOR, "form.ack-form button[type=submit]").click()
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "ack-done")))
        cell = drv.find_element(By.CSS_SELECTOR, "tr[data-alert='al-mine'] td.ack").text
        assert "canbo.xa" in cell and "Đã giao công an xã xác minh" in cell and "phút" in cell
        assert not drv.find_elements(By.CSS_SELECTOR, "tr[data-alert='al-mine'] form")
        drv.save_screenshot(str(SHOTS / "unit-officer.png"))

        # the other commune's officer sees nothing of this commune
        _login(drv, url, "canbo.khac")
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "unit-alerts")))
        assert "al-mine" not in drv.page_source and mine["name"] not in drv.find_element(By.ID, "unit-alerts").text

        _login(drv, url, "canbo.vhttdl")
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "unit-alerts")))
        drv.get(f"{url}/trang/phan-hoi-don-vi")
        mine_row = WebDriverWait(drv, 20).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, f"#response-times tr[data-unit='{mu}']")))
        cells = [td.text for td in mine_row.find_elements(By.TAG_NAME, "td")]
        assert cells[0] == mine["name"] and cells[1] == "1" and cells[2] == "1" and cells[3] == "1"
        assert float(cells[7].replace(".", "").replace(",", ".")) >= 45  # acknowledged ~45 min after routing
        other_cells = [td.text for td in drv.find_elements(By.CSS_SELECTOR,
                                                           f"#response-times tr[data-unit='{ou}'] td")]
        assert other_cells[2] == "0" and other_cells[7] == "—"
        drv.save_screenshot(str(SHOTS / "unit-response-times.png"))


def test_province_map_in_chromium_highlights_the_crisis_commune(site):
    SHOTS.mkdir(parents=True, exist_ok=True)
    url, mine, other, evil = (site[k] for k in ("url", "mine", "other", "evil"))
    with chromium() as drv:
        _login(drv, url, "phan.tich")
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "crisis-level")))
        drv.get(f"{url}/trang/ban-do-tinh?theo=alert&ngay=7")
        _wait_for(drv, "province-map")
        cells = drv.find_elements(By.CSS_SELECTOR, "#province-map svg a[data-unit]")
        assert len(cells) == 148
        assert "gần đúng" in drv.find_element(By.ID, "approximate").text
        hl = drv.find_elements(By.CSS_SELECTOR, "#province-map svg a.hl")
        assert [a.get_attribute("data-unit") for a in hl] == [mine["id"]]
        box = hl[0].find_element(By.TAG_NAME, "polygon").rect
        assert box["width"] > 2 and box["height"] > 2  # drawn, with a size, in the browser
        assert drv.find_element(By.CSS_SELECTOR, f"a[data-unit='{other['id']}'] polygon").get_attribute("fill") \
            == "#ff7f0e"  # level 2
        title = drv.find_element(By.CSS_SELECTOR, f"a[data-unit='{evil['id']}'] title").get_attribute("textContent")
        assert "<script>" in title and "onerror" in title  # the markup is text, not elements
        assert not drv.find_elements(By.CSS_SELECTOR, "#province-map script, #province-map img")
        assert drv.execute_script("return typeof window.__xss") == "undefined"
        assert mine["name"] in drv.find_element(By.ID, "hot-units").text
        drv.save_screenshot(str(SHOTS / "province-map.png"))
        # by volume: the two communes the stories name are coloured (3 posts each), an unnamed one is not
        drv.get(f"{url}/trang/ban-do-tinh?theo=volume&ngay=7")
        _wait_for(drv, "province-map")

        def fill(pid: str) -> str:
            return drv.find_element(By.CSS_SELECTOR, f"a[data-unit='{pid}'] polygon").get_attribute("fill")

        assert fill(mine["id"]) == fill(other["id"]) == "#08306b" != fill(evil["id"]) == "#f7fbff"
        drv.get(f"{url}/trang/ban-do-tinh?theo=alert&ngay=7")
        _wait_for(drv, "province-map")
        hl = drv.find_elements(By.CSS_SELECTOR, "#province-map svg a.hl")
        # each unit is clickable to its unit's alerts and stories
        drv.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                           hl[0].find_element(By.TAG_NAME, "polygon"))
        _wait_for(drv, "unit-alerts")
        assert drv.find_element(By.ID, "unit-name").text == mine["name"]
        assert "Sạt lở đất" in drv.find_element(By.ID, "unit-stories").text
        assert not drv.find_elements(By.CSS_SELECTOR, "form.ack-form")  # reading is not acknowledging
