"""Mail to customers: an HTML part and a plain-text part from the same context, in the
customer's language, with links to this site built from SITE_SCHEME and SITE_DOMAIN, and
the images the HTML shows attached to it (``cid:`` links), since mail clients fetch no
images from the web by default."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.mime.image import MIMEImage
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from shop.configurator import spec_drawing_png
from shop.selectors import OrderedGarment

#: The garment drawing in mail: shown 100 x 120, drawn with twice the pixels for sharp
#: screens.
MAIL_DRAWING_WIDTH = 200


def site_url(path: str) -> str:
    """An absolute link to a path of this site (mail has no request to build it from)."""
    return f"{settings.SITE_SCHEME}://{settings.SITE_DOMAIN}{path}"


def site_reverse(name: str, *, language: str, **kwargs: Any) -> str:
    """The absolute URL of a named page, in ``language`` (its /en/ or /zh-hans/ prefix)."""
    with translation.override(language):
        return site_url(reverse(name, kwargs=kwargs or None))


@dataclass(frozen=True)
class InlineImage:
    """A PNG the HTML part shows as ``<img src="cid:{cid}">``."""

    cid: str
    png: bytes
    filename: str


def inline_image_cid(name: str) -> str:
    """A Content-ID for an image of a mail: ``name`` at this site's host (no port)."""
    return f"{name}@{settings.SITE_DOMAIN.split(':')[0] or 'c2m'}"


class MailWithImages(EmailMultiAlternatives):
    """A text part and an HTML part (multipart/alternative) whose HTML part travels with
    the images it shows: multipart/related of the HTML and the PNGs, each found by its
    Content-ID."""

    def __init__(self, *args: Any, images: Sequence[InlineImage] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.images = list(images)

    def _create_alternatives(self, msg: Any) -> Any:
        msg = super()._create_alternatives(msg)
        if not self.images or not msg.is_multipart():
            return msg
        parts = msg.get_payload()
        related = SafeMIMEMultipart(
            _subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET
        )
        related.attach(parts[-1])
        for image in self.images:
            part = MIMEImage(image.png, "png")
            part.add_header("Content-ID", f"<{image.cid}>")
            part.add_header("Content-Disposition", "inline", filename=image.filename)
            related.attach(part)
        parts[-1] = related
        return msg


def customer_mail(
    *,
    to: str,
    template: str,
    context: Mapping[str, Any],
    language: str,
    images: Sequence[InlineImage] = (),
) -> EmailMultiAlternatives:
    """The message built from ``<template>_subject.txt``, ``_body.txt`` and ``_body.html``,
    rendered in ``language``, with ``images`` attached to the HTML part; the caller sends
    it (outside any row lock)."""
    with translation.override(language):
        full = {**context, "language": language}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
        text = render_to_string(f"{template}_body.txt", full)
        html = render_to_string(f"{template}_body.html", full)
    message = MailWithImages(subject, text, settings.DEFAULT_FROM_EMAIL, [to], images=images)
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class GarmentPicture:
    """A garment's drawing in a mail: the image to attach and what the HTML says of it."""

    image: InlineImage
    alt: str


def garment_pictures(
    *, garments: Mapping[int, OrderedGarment], prefix: str, language: str
) -> dict[int, GarmentPicture]:
    """Each garment drawn as it was configured (its fabric, choices and monogram), keyed
    as ``garments`` are (order line id), with an alt text in ``language``."""
    found = {}
    with translation.override(language):
        for key, garment in garments.items():
            spec = garment.spec
            alt = _("Drawing of your %(garment)s in %(fabric)s") % {
                "garment": garment.title,
                "fabric": spec.fabric.name,
            }
            found[key] = GarmentPicture(
                image=InlineImage(
                    cid=inline_image_cid(f"{prefix}-{key}"),
                    png=spec_drawing_png(spec=spec, width=MAIL_DRAWING_WIDTH),
                    filename=f"{prefix}-{key}.png",
                ),
                alt=alt,
            )
    return found
