#!/usr/bin/env python3
"""Real-browser tests of the survey pages (headless Chromium through selenium).

Starts a real `nps serve` on a free loopback port with a temporary NPS_DATA_DIR, invites people
with `nps invite`, opens the rendered survey email from the outbox, and checks what the store
holds with sqlite3 and `nps report --format json`.

    NPS_BINARY=.build/debug/nps python3 tests/browser/test_survey_pages.py

The quiet window is set to 5 seconds (NPS_SURVEY_QUIET_SECONDS) so the test waits less; the
rule is the same as with the default 20 seconds.
"""
import email
import email.policy
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NPS = os.environ.get("NPS_BINARY", os.path.join(ROOT, ".build", "debug", "nps"))
QUIET = 5


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service_:
    """A real `nps serve` on a temporary data folder."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="nps-browser-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            NPS_DATA_DIR=self.dir,
            NPS_LISTEN=f"127.0.0.1:{self.port}",
            NPS_BASE_URL=self.base,
            NPS_SURVEY_QUIET_SECONDS=str(QUIET),
        )
        self.env.pop("NPS_DATABASE_URL", None)
        self.env.pop("NPS_MAIL_URL", None)
        # Create the database and the secret before the server starts.
        subprocess.run([NPS, "migrate"], env=self.env, check=True, capture_output=True)
        self.log = open(os.path.join(self.dir, "serve.log"), "w")
        self.process = subprocess.Popen([NPS, "serve"], env=self.env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 20
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("nps serve did not start; see " + self.log.name)
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()

    def invite(self, address, locale="en"):
        """Runs `nps invite`; returns (score links, unsubscribe link, path of the .eml)."""
        outbox = os.path.join(self.dir, "outbox")
        before = set(os.listdir(outbox)) if os.path.isdir(outbox) else set()
        out = subprocess.run(
            [NPS, "invite", address, "--name", "Pat", "--locale", locale],
            env=self.env, check=True, capture_output=True, text=True).stdout
        lines = [line.split(" ", 1) for line in out.strip().splitlines()]
        links = [url for key, url in lines if key != "unsubscribe"]
        unsubscribe = [url for key, url in lines if key == "unsubscribe"][0]
        new = sorted(set(os.listdir(outbox)) - before)
        assert len(links) == 11 and len(new) == 1, (links, new)
        return links, unsubscribe, os.path.join(outbox, new[0])

    def query(self, sql, *args):
        with sqlite3.connect(os.path.join(self.dir, "nps.sqlite")) as db:
            return db.execute(sql, args).fetchall()

    def response(self, address):
        return self.query(
            "SELECT r.score, r.comment FROM responses r JOIN contacts c ON c.id = r.contact_id "
            "WHERE c.email = ?", address)

    def unsubscribed(self, address):
        return self.query("SELECT unsubscribed_at FROM contacts WHERE email = ?", address)[0][0] is not None

    def report(self):
        out = subprocess.run(
            [NPS, "report", "--survey", "default", "--format", "json"],
            env=self.env, check=True, capture_output=True, text=True).stdout
        return json.loads(out)["overall"]


def make_browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


def email_html(path, folder):
    """Writes the HTML part of the .eml to a file and returns its file:// URL."""
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    html = message.get_body(preferencelist=("html",)).get_content()
    target = os.path.join(folder, os.path.basename(path) + ".html")
    with open(target, "w", encoding="utf-8") as f:
        f.write(html)
    return "file://" + target, message


class SurveyPagesInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.service = Service_()
        cls.browser = make_browser()

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        cls.service.stop()

    def wait(self, condition, timeout=10):
        return WebDriverWait(self.browser, timeout).until(condition)

    def test_1_a_person_clicks_a_score_in_the_email_then_comments_then_changes_the_score(self):
        s, b = self.service, self.browser
        address = "pat@example.com"
        links, unsubscribe, eml = s.invite(address)
        url, message = email_html(eml, s.dir)
        self.assertEqual(message["List-Unsubscribe"], f"<{unsubscribe}>")
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")

        # One click on 9 in the email; nothing else.
        b.get(url)
        b.find_element(By.CSS_SELECTOR, f'a[href="{links[9]}"]').click()
        self.wait(lambda d: d.current_url == links[9])
        self.assertTrue(b.find_element(By.CSS_SELECTOR, 'input[name=score][value="9"]').is_selected())
        status = self.wait(lambda d: d.find_element(By.ID, "status").text or None)
        self.assertIn("your score is saved", status)
        follow = b.find_element(By.ID, "followup").text
        self.assertTrue(follow.startswith("Thank you! What do you like most about"), follow)
        # The quiet window passes; the page settles the pick itself.
        self.wait(lambda d: d.find_element(By.ID, "survey").get_attribute("data-settled"), QUIET + 10)
        self.assertEqual(s.response(address), [(9, None)])
        self.assertEqual(s.report()["n"], 1)
        # The page's script and style ran under the Content-Security-Policy without a violation.
        console = [entry["message"] for entry in b.get_log("browser")]
        self.assertFalse([m for m in console if "Content Security Policy" in m], console)

        # A comment, sent with the button.
        comment = "Schnell & freundlich — ünïcødé ✓ <b>bold?</b>"
        box = b.find_element(By.ID, "comment")
        box.clear()
        box.send_keys(comment)
        b.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda d: d.current_url.endswith("/thanks"))
        self.assertIn("Thank you for your feedback!", b.find_element(By.TAG_NAME, "h1").text)
        self.assertEqual(s.response(address), [(9, comment)])

        # Second run: the person opens the email again, clicks 3, moves to 7 with the keyboard and
        # sends. Still one response, now 7, comment kept; both changes are audited.
        b.get(url)
        b.find_element(By.CSS_SELECTOR, f'a[href="{links[3]}"]').click()
        self.wait(lambda d: d.current_url == links[3])
        self.assertEqual(b.find_element(By.ID, "survey").get_attribute("data-autosend"), "0")
        b.find_element(By.XPATH, '//input[@name="score"][@value="3"]/..').click()
        ActionChains(b).send_keys(Keys.ARROW_RIGHT * 4).perform()
        self.assertTrue(b.find_element(By.CSS_SELECTOR, 'input[name=score][value="7"]').is_selected())
        self.assertTrue(b.find_element(By.ID, "followup").text.startswith("If you did not give us a 10"))
        self.assertEqual(b.find_element(By.ID, "comment").get_attribute("value"), comment)
        b.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda d: d.current_url.endswith("/thanks"))
        self.assertEqual(s.response(address), [(7, comment)])
        report = s.report()
        self.assertEqual((report["n"], report["passives"]), (1, 1))
        actions = [row[0] for row in s.query("SELECT action FROM audit_log ORDER BY id")]
        self.assertEqual(actions, ["response.created", "response.changed", "response.changed"])

        # The page is usable on a phone: nothing wider than the viewport.
        width = b.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, b.execute_script("return window.innerWidth"))

    def test_2_a_scanner_running_scripts_in_a_browser_leaves_nothing(self):
        s, b = self.service, self.browser
        address = "scanned-browser@example.com"
        links, unsubscribe, _ = s.invite(address)
        for link in links:
            b.get(link)
            # Let the page's script post its pick, as a scanner that runs scripts would.
            self.wait(lambda d: d.find_element(By.ID, "survey").get_attribute("data-picked"), 5)
        b.get(unsubscribe)
        self.assertIn("Unsubscribe", b.find_element(By.TAG_NAME, "h1").text)
        picks = s.query(
            "SELECT count(*) FROM survey_touches t JOIN invitations i ON i.id = t.invitation_id "
            "JOIN contacts c ON c.id = i.contact_id WHERE c.email = ? AND t.kind = 'pick'", address)
        self.assertEqual(picks, [(11,)])
        time.sleep(QUIET + 1)
        token = links[0].split("/")[-2]
        # Settle (as the worker would): the picks are discarded.
        urllib.request.urlopen(f"{s.base}/s/{token}").read()
        self.assertEqual(s.response(address), [])
        self.assertFalse(s.unsubscribed(address))
        states = s.query(
            "SELECT DISTINCT t.state FROM survey_touches t JOIN invitations i "
            "ON i.id = t.invitation_id JOIN contacts c ON c.id = i.contact_id "
            "WHERE c.email = ? AND t.kind = 'pick'", address)
        self.assertEqual(states, [("discarded",)])

    def test_3_a_scanner_without_a_browser_leaves_nothing(self):
        s = self.service
        address = "scanned-http@example.com"
        links, unsubscribe, _ = s.invite(address)
        for link in links + [unsubscribe]:
            with urllib.request.urlopen(link) as reply:
                self.assertEqual(reply.status, 200)
                reply.read()
        time.sleep(QUIET + 1)
        token = links[0].split("/")[-2]
        urllib.request.urlopen(f"{s.base}/s/{token}").read()
        self.assertEqual(s.response(address), [])
        self.assertFalse(s.unsubscribed(address))

    def test_4_one_click_unsubscribe_post_and_the_confirm_page(self):
        s, b = self.service, self.browser
        links, unsubscribe, _ = s.invite("leaver@example.com")
        request = urllib.request.Request(
            unsubscribe, data=b"List-Unsubscribe=One-Click", method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request) as reply:
            self.assertEqual(reply.status, 200)
        self.assertTrue(s.unsubscribed("leaver@example.com"))
        links, unsubscribe, _ = s.invite("leaver2@example.com")
        b.get(unsubscribe)
        self.assertFalse(s.unsubscribed("leaver2@example.com"))
        b.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda d: "unsubscribed" in d.find_element(By.CSS_SELECTOR, "[role=status]").text)
        self.assertTrue(s.unsubscribed("leaver2@example.com"))

    def test_5_unknown_tokens_get_a_friendly_404(self):
        try:
            urllib.request.urlopen(f"{self.service.base}/s/AAAAAAAAAAAAAAAAAAAAAA/9")
            self.fail("expected 404")
        except urllib.error.HTTPError as error:
            self.assertEqual(error.code, 404)
            self.assertIn("This link does not work", error.read().decode())


    def test_6_two_scores_opened_within_the_quiet_window_ask_the_person_to_press_send(self):
        s, b = self.service, self.browser
        address = "two-clicks@example.com"
        links, _, eml = s.invite(address)
        url, _ = email_html(eml, s.dir)
        # 7, then 8 a moment later: views of two scores within the window look like a scanner,
        # so the pick is discarded, and the page says so once it has settled.
        for score in (7, 8):
            b.get(url)
            b.find_element(By.CSS_SELECTOR, f'a[href="{links[score]}"]').click()
            self.wait(lambda d: d.current_url == links[score])
            self.wait(lambda d: d.find_element(By.ID, "survey").get_attribute("data-picked"), 5)
        self.wait(lambda d: d.find_element(By.ID, "survey").get_attribute("data-settled"), QUIET + 10)
        self.wait(lambda d: d.find_element(By.ID, "status").text == "Press Send to save your score.", 5)
        self.assertEqual(s.response(address), [])
        b.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda d: d.current_url.endswith("/thanks"))
        self.assertEqual(s.response(address), [(8, None)])

    def test_7_choosing_another_score_after_the_click_asks_for_send(self):
        s, b = self.service, self.browser
        address = "changes-mind@example.com"
        links, _, eml = s.invite(address)
        url, _ = email_html(eml, s.dir)
        # The click on 7 is saved; then the person picks 10 on the page: the page must not keep
        # saying "saved" for a score that is not the stored one.
        b.get(url)
        b.find_element(By.CSS_SELECTOR, f'a[href="{links[7]}"]').click()
        self.wait(lambda d: d.current_url == links[7])
        self.wait(lambda d: "your score is saved" in d.find_element(By.ID, "status").text)
        b.find_element(By.XPATH, '//input[@name="score"][@value="10"]/..').click()
        self.wait(lambda d: d.find_element(By.ID, "status").text == "Press Send to save your score.", 5)
        # Back to 7: that one is saved.
        b.find_element(By.XPATH, '//input[@name="score"][@value="7"]/..').click()
        self.wait(lambda d: "your score is saved" in d.find_element(By.ID, "status").text, 5)
        b.find_element(By.XPATH, '//input[@name="score"][@value="10"]/..').click()
        self.wait(lambda d: d.find_element(By.ID, "survey").get_attribute("data-settled"), QUIET + 10)
        self.assertEqual(b.find_element(By.ID, "status").text, "Press Send to save your score.")
        self.assertEqual(s.response(address), [(7, None)])
        b.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait(lambda d: d.current_url.endswith("/thanks"))
        self.assertEqual(s.response(address), [(10, None)])


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
