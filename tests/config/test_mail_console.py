"""The terminal mail backend of ``make run`` prints what a person reads, not base64."""

from __future__ import annotations

import io

from config.mail_console import EmailBackend
from orders.mail import mail_data, mail_from_data
from shop.mail import InlineImage, MailWithImages

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500


def _mail() -> MailWithImages:
    message = MailWithImages(
        "Your order 100042",
        "Thank you.\nYour garments are being made.",
        "shop@c2m.example",
        ["li@example.com"],
        images=[InlineImage(cid="garment-1@c2m", png=PNG, filename="garment-1.png")],
    )
    message.attach_alternative("<p>Thank you.</p><img src='cid:garment-1@c2m'>", "text/html")
    return message


def test_a_mail_with_a_picture_prints_its_text_and_one_line_for_the_picture() -> None:
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([_mail()])

    assert stream.getvalue() == (
        "From: shop@c2m.example\n"
        "To: li@example.com\n"
        "Subject: Your order 100042\n"
        "\n"
        "Thank you.\nYour garments are being made.\n"
        "[attached: garment-1.png (image/png, 508 bytes)]\n" + "-" * 79 + "\n"
    )


def test_a_mail_kept_by_the_outbox_prints_the_same() -> None:
    direct, kept = io.StringIO(), io.StringIO()
    EmailBackend(stream=direct).send_messages([_mail()])
    EmailBackend(stream=kept).send_messages([mail_from_data(mail_data(_mail()))])

    assert kept.getvalue() == direct.getvalue()
    assert "iVBOR" not in kept.getvalue()
