#!/usr/bin/python3
"""A loopback SMTP server for the Mail tests, on Debian's aiosmtpd (run with /usr/bin/python3).

Usage: smtp-test-server.py FOLDER [--auth USER:PASSWORD] [--starttls CERT KEY | --implicit-tls CERT KEY]

Listens on 127.0.0.1 on a free port and prints that port on the first line of stdout. Each accepted
message is written to FOLDER as NNNNNN.eml (temporary file, then rename), and the client's
address:port of the connection it came on is appended to FOLDER/peers.log, so a test can count the
connections that carried its messages.

Recipients whose local part starts with "reject" get "550 5.1.1 ..." and those starting with
"tempfail" get "451 4.3.0 ..."; everyone else is accepted. With --auth, AUTH PLAIN/LOGIN with
exactly that user and password is required (no TLS needed, loopback only). With --starttls the
server offers STARTTLS with that certificate; with --implicit-tls it speaks TLS from the first byte
(like smtps on port 465).

Stops when stdin reaches end of file (the test closed it or died) or on SIGTERM.
"""
import argparse
import asyncio
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        if local.startswith("tempfail"):
            return "451 4.3.0 <%s>: Temporary failure, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = "%06d.eml" % self.count
        temporary = os.path.join(self.folder, "." + name + ".tmp")
        with open(temporary, "wb") as file:
            file.write(envelope.original_content)
        os.rename(temporary, os.path.join(self.folder, name))
        with open(os.path.join(self.folder, "peers.log"), "a") as log:
            log.write("%s:%s %s %s\n" % (session.peer[0], session.peer[1], envelope.mail_from,
                                         ",".join(envelope.rcpt_tos)))
        return "250 2.0.0 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--auth")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    arguments = parser.parse_args()
    folder = arguments.folder
    credentials = None
    if arguments.auth:
        user, _, password = arguments.auth.partition(":")
        credentials = (user.encode(), password.encode())
    context = None
    for pair in (arguments.starttls, arguments.implicit_tls):
        if pair:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(pair[0], pair[1])
    os.makedirs(folder, exist_ok=True)
    handler = Handler(folder)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == credentials
        return AuthResult(success=ok, handled=False)

    def factory():
        options = {"hostname": "test.invalid"}
        if credentials is not None:
            options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
        if arguments.starttls:
            options.update(tls_context=context, require_starttls=False)
        return SMTP(handler, **options)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    server = loop.run_until_complete(loop.create_server(
        factory, sock=listener, ssl=context if arguments.implicit_tls else None))
    print(listener.getsockname()[1], flush=True)

    def on_stdin():
        if not os.read(sys.stdin.fileno(), 4096):
            loop.stop()

    loop.add_reader(sys.stdin.fileno(), on_stdin)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
