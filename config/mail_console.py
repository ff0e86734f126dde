"""The mail backend of ``make run``: each mail on the terminal as a person reads it.

Django's console backend prints the whole MIME message, so a mail with drawings attached
fills the terminal with base64. This one prints the headers, the plain-text part and one
line per attached file or picture (name, type, size).
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend


def mail_summary(message: EmailMessage) -> str:
    """Headers, the text part and one line per attachment of ``message``."""
    lines = [
        f"From: {message.from_email}",
        f"To: {', '.join(message.to)}",
        f"Subject: {message.subject}",
        "",
        str(message.body).rstrip(),
    ]
    for part in message.message().walk():
        if part.get_content_maintype() in ("multipart", "text"):
            continue
        size = len(part.get_payload(decode=True) or b"")
        name = part.get_filename() or part.get("Content-ID", "")
        lines.append(f"[attached: {name} ({part.get_content_type()}, {size} bytes)]")
    return "\n".join(lines) + "\n" + "-" * 79 + "\n"


class EmailBackend(ConsoleBackend):
    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(mail_summary(message))
