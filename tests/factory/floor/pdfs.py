"""Reading the floor's PDFs back: pages, text, and the QR codes on them (pyzbar with
Debian's libzbar0; pypdfium2 draws each page)."""

from __future__ import annotations

from tests.services import service_required


def pdf_qr_codes(data: bytes, *, scale: float = 4.0) -> list[list[str]]:
    """The QR codes on each page of a PDF, as text, page by page."""
    try:
        from pyzbar.pyzbar import ZBarSymbol, decode
    except ImportError as exc:  # libzbar0 missing
        service_required("libzbar0", str(exc))
    import pypdfium2

    pages = []
    document = pypdfium2.PdfDocument(data)
    for page in document:
        image = page.render(scale=scale).to_pil().convert("L")
        pages.append(sorted(s.data.decode() for s in decode(image, symbols=[ZBarSymbol.QRCODE])))
    return pages


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    return [page.get_textpage().get_text_range() for page in document]


def pdf_page_sizes_mm(data: bytes) -> list[tuple[int, int]]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    return [(round(p.get_width() / 72 * 25.4), round(p.get_height() / 72 * 25.4)) for p in document]
