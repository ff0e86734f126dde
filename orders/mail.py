"""Mail goes after the commit: the platform's email backend (``EMAIL_BACKEND``).

Django, Oscar and the platform all send through it. A message sent inside a transaction
(a request is one: ``ATOMIC_REQUESTS``) is written to the outbox in that transaction and
sent by the backend that really delivers (``EMAIL_DELIVERY_BACKEND``) once it has
committed: no mail goes while the transaction holds a row lock, and none goes for a
change that was rolled back (a registration that failed after its welcome mail was
written, say). Outside a transaction a message is sent at once; the platform's own mails
are sent that way, by outbox handlers that run after the commit.

A kept message is sent as it was first rendered (its MIME, images and all), with its
fields kept beside it for whoever reads them. The outbox delivers each message at least
once: a worker that dies between the send and the message's done mark sends it again.
"""

from __future__ import annotations

import base64
import email
from collections.abc import Sequence
from email.message import Message
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import MIMEMixin
from django.db import transaction

from orders.outbox import outbox_put

SEND_TASK = "orders.mail_send"


def _delivery(*, fail_silently: bool = False) -> Any:
    return get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently)


class OutboxEmailBackend(BaseEmailBackend):
    """Sends at once outside a transaction; inside one, through the outbox after it commits."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        messages = list(email_messages)
        if not messages:
            return 0
        if not transaction.get_connection().in_atomic_block:
            return int(_delivery(fail_silently=self.fail_silently).send_messages(messages) or 0)
        for message in messages:
            outbox_put(task=SEND_TASK, args=[mail_data(message)])
        return len(messages)


def _encoded(content: Any) -> str:
    raw = content.encode() if isinstance(content, str) else bytes(content)
    return base64.b64encode(raw).decode("ascii")


def mail_data(message: EmailMessage) -> dict[str, Any]:
    """A message as JSON the outbox can keep, for ``mail_from_data``."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            attachments.append({"mime": _encoded(attachment.as_bytes())})
        else:
            filename, content, mimetype = attachment
            attachments.append(
                {
                    "filename": filename,
                    "content": _encoded(content),
                    "text": isinstance(content, str),
                    "mimetype": mimetype,
                }
            )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
        "attachments": attachments,
        "mime": _encoded(message.message().as_bytes()),
    }


class _RenderedMessage(MIMEMixin, Message):
    """A parsed MIME message that Django's backends can write out (``as_bytes`` with a
    line separator)."""


class KeptMail(EmailMultiAlternatives):
    """A message the outbox kept: sent as the MIME it was first rendered to."""

    rendered: bytes = b""

    def message(self) -> Any:
        if not self.rendered:
            return super().message()
        return email.message_from_bytes(self.rendered, _class=_RenderedMessage)


def mail_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = KeptMail(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        if "mime" in attachment:
            message.attach(email.message_from_bytes(base64.b64decode(attachment["mime"])))
            continue
        content: str | bytes = base64.b64decode(attachment["content"])
        if attachment["text"]:
            content = content.decode()
        message.attach(attachment["filename"], content, attachment["mimetype"])
    message.rendered = base64.b64decode(data.get("mime", ""))
    return message


def mail_send(*, data: dict[str, Any]) -> int:
    """The outbox's handler: send a message kept by ``OutboxEmailBackend``."""
    return int(_delivery().send_messages([mail_from_data(data)]) or 0)
