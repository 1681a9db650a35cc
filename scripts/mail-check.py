#!/usr/bin/python3
"""Parses .eml files with Python's email package (policy=default) and prints one JSON array.

Usage: mail-check.py FILE_OR_FOLDER...   (a folder means every *.eml in it, sorted)

Written to check the Mail module independently of its own code. Per message:
  file, defects (every defect of every part and header, as text), subject, from_name, from_address,
  to (list of [name, address]), reply_to, message_id, date, list_unsubscribe,
  list_unsubscribe_post, mime_version, content_type, part_types, text, html (decoded bodies),
  text_links (http(s) URLs in the text part), html_links (href values in the html part),
  html_anchors (list of {href, aria_label, title, text}), headers ({name: [decoded values]}),
  max_line_length (raw, without CRLF),
  bare_line_feeds (LF not preceded by CR in the raw bytes), non_ascii_bytes (count in the raw bytes).
"""
import email
import email.policy
import html.parser
import json
import os
import re
import sys


class Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attributes = dict(attrs)
            self.current = {"href": attributes.get("href"), "aria_label": attributes.get("aria-label"),
                            "title": attributes.get("title"), "text": ""}
            self.anchors.append(self.current)

    def handle_endtag(self, tag):
        if tag == "a":
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


def check(path):
    raw = open(path, "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    defects = []
    for part in message.walk():
        defects += [repr(defect) for defect in part.defects]
        for name, value in part.items():
            defects += ["%s: %r" % (name, defect) for defect in getattr(value, "defects", ())]
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    # Bodies travel with CRLF line breaks; report them with "\n" as the sender wrote them.
    text = text_part.get_content().replace("\r\n", "\n") if text_part is not None else None
    html_text = html_part.get_content().replace("\r\n", "\n") if html_part is not None else None
    anchors = Anchors()
    if html_text is not None:
        anchors.feed(html_text)
    sender = message["From"]
    from_name = sender.addresses[0].display_name if sender is not None else None
    from_address = sender.addresses[0].addr_spec if sender is not None else None
    to = [[a.display_name, a.addr_spec] for a in message["To"].addresses] if message["To"] else []
    reply_to = message["Reply-To"].addresses[0].addr_spec if message["Reply-To"] else None
    lines = raw.split(b"\r\n")
    return {
        "file": os.path.basename(path),
        "defects": defects,
        "subject": str(message["Subject"]) if message["Subject"] is not None else None,
        "from_name": from_name,
        "from_address": from_address,
        "to": to,
        "reply_to": reply_to,
        "message_id": str(message["Message-ID"]) if message["Message-ID"] else None,
        "date": str(message["Date"]) if message["Date"] else None,
        "list_unsubscribe": str(message["List-Unsubscribe"]) if message["List-Unsubscribe"] else None,
        "list_unsubscribe_post": str(message["List-Unsubscribe-Post"]) if message["List-Unsubscribe-Post"] else None,
        "mime_version": str(message["MIME-Version"]) if message["MIME-Version"] else None,
        "content_type": message.get_content_type(),
        "part_types": [part.get_content_type() for part in message.walk()],
        "text": text,
        "html": html_text,
        "text_links": re.findall(r"https?://[^\s<>\"]+", text or ""),
        "html_links": [a["href"] for a in anchors.anchors if a["href"]],
        "html_anchors": anchors.anchors,
        "headers": {name: [str(value) for value in message.get_all(name)] for name in set(message.keys())},
        "max_line_length": max(len(line) for line in lines),
        "bare_line_feeds": len(re.findall(rb"(?<!\r)\n", raw)),
        "non_ascii_bytes": sum(1 for byte in raw if byte > 127),
    }


def main():
    paths = []
    for argument in sys.argv[1:]:
        if os.path.isdir(argument):
            paths += sorted(os.path.join(argument, name) for name in os.listdir(argument)
                            if name.endswith(".eml") and not name.startswith("."))
        else:
            paths.append(argument)
    json.dump([check(path) for path in paths], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
