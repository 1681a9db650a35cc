#!/usr/bin/env python3
"""Headless Chromium test of the team's dashboard.

Usage: python3 tests/browser/dashboard_test.py NPS_BINARY PORT

Starts `nps serve --no-worker` on 127.0.0.1:PORT with a temporary NPS_DATA_DIR, adds an admin
with `nps user add --password-stdin`, imports ../shared/data/nps_case_trend.csv (survey
"default") and miro_nps.csv (survey "miro"), then in a real browser: logs in, checks the NPS
shown against the figure computed here from the CSV, filters a segment, searches a comment,
moves a detractor to resolved, logs a change and reads its impact, reads and filters the
audit log, changes the password (a wrong current one is refused), logs out and signs in
again with the new password only.
Exit status 0 when every check passes.
"""
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone

os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
EMAIL = "admin@example.com"
PASSWORD = "correct horse battery staple"


def nps(scores):
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def submit(driver, element):
    """Clicks a button that submits a form and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 15).until(lambda _: is_replaced(page))


def is_replaced(element):
    """True once the element's document has gone. While Chromium swaps documents it can answer
    "Node with given id does not belong to the document" instead of a stale reference: that is
    the old page gone too."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def one_decimal(value):
    return "%.1f" % value


class Checks:
    def __init__(self):
        self.failures = 0

    def equal(self, what, got, expected):
        ok = got == expected
        print(("ok   " if ok else "FAIL ") + what + ": got %r, expected %r" % (got, expected))
        if not ok:
            self.failures += 1


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 64
    binary, port = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    base = "http://127.0.0.1:%d" % port
    data_dir = tempfile.mkdtemp(prefix="nps-browser-")
    env = dict(os.environ, NPS_DATA_DIR=data_dir, NPS_TIME_ZONE="UTC",
               NPS_BASE_URL=base, NPS_LISTEN="127.0.0.1:%d" % port)
    for name in ("NPS_DATABASE_URL", "NPS_MAIL_URL"):
        env.pop(name, None)
    checks = Checks()
    server = None
    driver = None
    try:
        subprocess.run([binary, "user", "add", EMAIL, "--role", "admin", "--password-stdin"],
                       input=PASSWORD + "\n", text=True, env=env, check=True)
        subprocess.run([binary, "import", "responses", os.path.join(DATA, "nps_case_trend.csv"),
                        "--survey", "default", "--date-column", "surveyed_at", "--id-column", "id"],
                       env=env, check=True)
        subprocess.run([binary, "survey", "create", "miro"], env=env, check=True)
        subprocess.run([binary, "import", "responses", os.path.join(DATA, "miro_nps.csv"),
                        "--survey", "miro"], env=env, check=True)
        server = subprocess.Popen([binary, "serve", "--no-worker"], env=env)
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)

        # Independent figures from the CSV files.
        trend = list(csv.DictReader(open(os.path.join(DATA, "nps_case_trend.csv"))))
        overall = nps([int(r["score"]) for r in trend])
        admins = [int(r["score"]) for r in trend if r["is_admin"] == "1"]
        change_day = datetime(2018, 1, 1, tzinfo=timezone.utc)

        def when(r):
            return datetime.strptime(r["surveyed_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        before = [int(r["score"]) for r in trend if change_day - timedelta(days=30) <= when(r) < change_day]
        after = [int(r["score"]) for r in trend if change_day <= when(r) < change_day + timedelta(days=30)]
        miro = {}
        for r in csv.DictReader(open(os.path.join(DATA, "miro_nps.csv"), encoding="utf-8")):
            miro[r["user_id"]] = r  # a repeated id replaces the earlier row, as the import does
        wireframe = [r for r in miro.values() if re.search(r"\bwireframe\b", r["text"], re.I)]

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)

        # Log in.
        driver.get(base + "/dashboard")
        checks.equal("redirected to login", driver.current_url.split("?")[0], base + "/login")
        driver.find_element(By.ID, "email").send_keys(EMAIL)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        submit(driver, driver.find_element(By.ID, "sign-in"))
        checks.equal("after login", driver.current_url, base + "/dashboard")

        # The NPS shown equals the independent figure.
        shown = driver.find_element(By.ID, "nps")
        checks.equal("overall NPS", shown.text, one_decimal(overall))
        checks.equal("overall NPS (2 decimals)", shown.get_attribute("data-nps"), "%.2f" % overall)
        checks.equal("n", driver.find_element(By.ID, "n").text, "{:,}".format(len(trend)))

        # Filter a segment.
        Select(driver.find_element(By.ID, "segment_name")).select_by_value("is_admin")
        driver.find_element(By.ID, "segment_value").send_keys("1")
        submit(driver, driver.find_element(By.ID, "apply"))
        checks.equal("admins NPS", driver.find_element(By.ID, "nps").text, one_decimal(nps(admins)))
        checks.equal("admins n", driver.find_element(By.ID, "n").text, "{:,}".format(len(admins)))

        # Search a comment.
        driver.get(base + "/dashboard/comments?survey=miro")
        driver.find_element(By.ID, "q").send_keys("wireframe")
        submit(driver, driver.find_element(By.ID, "apply"))
        found = driver.find_elements(By.CSS_SELECTOR, "#comments .comment .text")
        checks.equal("comments found", len(found), len(wireframe))
        checks.equal("each holds the word", all("wireframe" in c.text.lower() for c in found), True)

        # Move a detractor to resolved.
        driver.get(base + "/dashboard/followups?survey=miro")
        row = driver.find_element(By.CSS_SELECTOR, "#followups tbody tr")
        response_id = row.get_attribute("data-response")
        checks.equal("first detractor starts new", row.find_element(By.CSS_SELECTOR, ".status").text, "new")
        Select(driver.find_element(By.ID, "status-" + response_id)).select_by_value("resolved")
        submit(driver, driver.find_element(By.ID, "save-" + response_id))
        row = driver.find_element(By.CSS_SELECTOR, '#followups tr[data-response="%s"]' % response_id)
        checks.equal("detractor resolved", row.find_element(By.CSS_SELECTOR, ".status").text, "resolved")

        # Log a change and see its impact.
        driver.get(base + "/dashboard/changes?survey=default")
        driver.find_element(By.ID, "change-title").send_keys("New onboarding <emails>")
        date_input = driver.find_element(By.ID, "change-date")
        driver.execute_script("arguments[0].value = '2018-01-01';", date_input)
        submit(driver, driver.find_element(By.ID, "change-save"))
        row = driver.find_element(By.CSS_SELECTOR, "#changes tbody tr")
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        checks.equal("change title shown as text", "New onboarding <emails>" in cells[1], True)
        checks.equal("before", cells[3], "%s (n = %s)" % (one_decimal(nps(before)), "{:,}".format(len(before))))
        checks.equal("after", cells[4], "%s (n = %s)" % (one_decimal(nps(after)), "{:,}".format(len(after))))
        difference = nps(after) - nps(before)
        checks.equal("difference", cells[5].split(" ")[0], ("+" if difference > 0 else "") + one_decimal(difference))

        # The audit log: the change just logged is the newest entry; filter by target kind.
        driver.get(base + "/dashboard")
        driver.find_element(By.LINK_TEXT, "Audit log").click()
        checks.equal("audit page", driver.current_url, base + "/dashboard/audit")
        first = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#audit tbody tr:first-child td")]
        checks.equal("newest entry", first[1:3], [EMAIL, "change.create"])
        Select(driver.find_element(By.ID, "target")).select_by_value("response")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        targets = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#audit tbody td:nth-child(4)")]
        checks.equal("filtered to the follow-up", targets, ["response:" + response_id])

        # Change the password: a wrong current one is refused, then the change works.
        new_password = "a different passphrase"
        driver.find_element(By.ID, "account").click()
        checks.equal("account page", driver.current_url, base + "/dashboard/account")

        def change_password(current, new, again):
            driver.find_element(By.ID, "current").send_keys(current)
            driver.find_element(By.ID, "new").send_keys(new)
            driver.find_element(By.ID, "new2").send_keys(again)
            submit(driver, driver.find_element(By.ID, "change-password"))
            return driver.find_element(By.ID, "notice").text
        checks.equal("wrong current password", change_password("not the password", new_password, new_password),
                     "The current password is wrong. Nothing was changed.")
        checks.equal("password changed", change_password(PASSWORD, new_password, new_password),
                     "Your password was changed. Your other sessions were signed out.")
        driver.get(base + "/dashboard/audit")
        first = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#audit tbody tr:first-child td")]
        checks.equal("password change audited", first[1:4], [EMAIL, "user.password", "user:1"])

        # Log out; the old password no longer signs in, the new one does.
        submit(driver, driver.find_element(By.ID, "logout"))
        checks.equal("after logout", driver.current_url.split("?")[0], base + "/login")
        driver.get(base + "/dashboard")
        checks.equal("dashboard needs login again", driver.current_url.split("?")[0], base + "/login")
        driver.find_element(By.ID, "email").send_keys(EMAIL)
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        submit(driver, driver.find_element(By.ID, "sign-in"))
        checks.equal("old password refused", driver.find_element(By.CSS_SELECTOR, "[role=alert]").text,
                     "Wrong email or password.")
        driver.find_element(By.ID, "email").send_keys(EMAIL)
        driver.find_element(By.ID, "password").send_keys(new_password)
        submit(driver, driver.find_element(By.ID, "sign-in"))
        checks.equal("new password signs in", driver.current_url, base + "/dashboard")
    finally:
        if driver is not None:
            driver.quit()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    print("%d failure(s)" % checks.failures)
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
