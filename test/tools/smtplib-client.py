#!/usr/bin/env python3
"""One SMTP transaction with Python's smtplib, printed as JSON: every step's (code, text).

    python3 smtplib-client.py --port N --to ADDR [--starttls] [--user U --password P]
"""
import argparse
import json
import smtplib
import ssl

ap = argparse.ArgumentParser()
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--to", required=True)
ap.add_argument("--sender", default="alice@example.net")
ap.add_argument("--starttls", action="store_true")
ap.add_argument("--user")
ap.add_argument("--password")
a = ap.parse_args()

steps = {}
pair = lambda r: [r[0], r[1].decode("utf-8", "backslashreplace")]
with smtplib.SMTP(a.host, a.port, local_hostname="client.example.net", timeout=10) as s:
    steps["ehlo"] = pair(s.ehlo())
    if a.starttls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # the lab's self-signed test certificate
        steps["starttls"] = pair(s.starttls(context=ctx))
        steps["ehlo_tls"] = pair(s.ehlo())
    if a.user:
        steps["auth"] = pair(s.login(a.user, a.password))
    steps["mail"] = pair(s.mail(a.sender))
    steps["rcpt"] = pair(s.rcpt(a.to))
    if steps["rcpt"][0] == 250:
        body = "From: <%s>\r\nTo: <%s>\r\nSubject: smtplib test\r\n\r\nhello from smtplib\r\n" % (a.sender, a.to)
        steps["data"] = pair(s.data(body))
    steps["quit"] = pair(s.quit())
print(json.dumps(steps))
