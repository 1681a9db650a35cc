#!/usr/bin/env python3
"""Benchmark fixture: N contacts with one sent invitation each, written straight into the
SQLite store of a data folder that `nps migrate` created; and the wrk Lua scripts that hit the
survey page (GET /s/TOKEN/SCORE), the page without a score (GET /s/TOKEN, which writes nothing)
and the response form (POST /s/TOKEN) with distinct tokens.

    survey_fixture.py DATA_DIR N OUT_DIR
"""
import base64
import hashlib
import hmac
import os
import sqlite3
import sys
import time

data, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
key = open(os.path.join(data, "secret.key"), "rb").read()
now = int(time.time() * 1000)
db = sqlite3.connect(os.path.join(data, "nps.sqlite"))
survey = db.execute("SELECT id FROM surveys WHERE slug = 'default'").fetchone()[0]
rows = []
for index in range(count):
    token = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    digest = hashlib.sha256(token.encode()).digest()
    signature = hmac.new(key, b"survey-form\x00" + digest.hex().encode(), hashlib.sha256).hexdigest()
    rows.append((token, digest, signature))
with db:
    for index, (token, digest, _) in enumerate(rows):
        contact = db.execute(
            "INSERT INTO contacts (email, name, locale, properties, created_at, updated_at) "
            "VALUES (?, ?, 'en', '{\"plan\":\"pro\"}', ?, ?) RETURNING id",
            (f"bench{index}@example.com", f"Bench {index}", now, now)).fetchone()[0]
        db.execute(
            "INSERT INTO invitations (survey_id, contact_id, token_hash, status, send_after, "
            "sent_at, created_at) VALUES (?, ?, ?, 'sent', ?, ?, ?)",
            (survey, contact, digest, now, now, now))

tokens = ",\n".join(f'{{"{t}","{s}"}}' for t, _, s in rows)
common = f"""
local tokens = {{
{tokens}
}}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  i = id * math.floor(#tokens / 2)
end
"""
with open(os.path.join(out, "page.lua"), "w") as f:
    f.write(common + """
request = function()
  i = i + 1
  local t = tokens[(i % #tokens) + 1]
  return wrk.format("GET", "/s/" .. t[1] .. "/" .. (i % 11))
end
""")
with open(os.path.join(out, "form.lua"), "w") as f:
    f.write(common + """
request = function()
  i = i + 1
  local t = tokens[(i % #tokens) + 1]
  return wrk.format("GET", "/s/" .. t[1])
end
""")
with open(os.path.join(out, "post.lua"), "w") as f:
    f.write(common + """
request = function()
  i = i + 1
  local t = tokens[(i % #tokens) + 1]
  local body = "score=" .. (i % 11) .. "&comment=bench+comment&sig=" .. t[2]
  return wrk.format("POST", "/s/" .. t[1],
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
""")
print(rows[0][0])
