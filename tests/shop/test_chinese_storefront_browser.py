"""A customer buys a shirt in Simplified Chinese, in a real browser, from the home page to
the order page, and meets no English on the way: every text node with Latin letters on
every page is listed, and each must be a brand, a code or a unit held below."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings

from shop.demo import demo_catalogue_load, demo_countries_load
from tests.services import wait_for
from tests.shop.factories import SHIRT_BODY
from tests.stripe_server import localstripe_webhook_configure, localstripe_webhook_disable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every text node of the page (hidden ones too: screen readers read them) and every
# accessible name and tooltip that holds a Latin letter. Left out: scripts, <noscript>
# (not shown when scripts run) and the card field, which the payment service draws in
# its own frame (here localstripe's stand-in for Stripe.js).
LATIN_TEXT = """() => {
    const skipped = (element) =>
        !element || element.closest("script, style, noscript, #card-element");
    const found = [];
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (skipped(node.parentElement)) continue;
        const text = node.textContent.replace(/\\s+/g, " ").trim();
        if (/[A-Za-z]/.test(text)) found.push(text);
    }
    const named = document.querySelectorAll("[aria-label], [title], [alt], [placeholder]");
    for (const element of named) {
        if (skipped(element)) continue;
        for (const name of ["aria-label", "title", "alt", "placeholder"]) {
            const text = (element.getAttribute(name) || "").trim();
            if (/[A-Za-z]/.test(text)) found.push(text);
        }
    }
    return found;
}"""

# Latin words a Chinese reader is meant to see: the brand, standards, units, names of
# products of others, and "English" as the language switcher's name for English.
ALLOWED_WORDS = {
    "C2M",
    "Tailor",
    "Stripe",
    "GB/T",  # GB/T 1335, the Chinese garment size standard
    "cm",
    "m",
    "kg",
    "g/m²",
    "JavaScript",
    "English",
}
# aria-labels written into Oscar's own templates outside any block or translation: they
# could be changed only by copying those templates whole.
ALLOWED_TEXTS = {"breadcrumb", "Toggle navigation"}
# Codes and data: order and unit codes (U-7K3Q-9MX2), fabric codes (SH-101), sizes
# (175/96A), e-mail addresses, the test card's own text from the payment service.
ALLOWED_PATTERNS = [
    re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)+$"),  # U-7K3Q-9MX2, SH-101, GS-…
    re.compile(r"^\d+/\d+[A-Z]$"),  # 175/96A
    re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$"),  # the customer's e-mail address
    re.compile(r"^#[0-9a-fA-F]{6}$"),  # a colour code
    re.compile(r"^[A-Z]$"),  # a single letter: a body type, 标题A到Z
]
# Words are cut at spaces and at Chinese characters and punctuation.
SEPARATORS = re.compile(r"[\s\u3000-\u9fff\uff00-\uffef]+")


def latin_word_allowed(word: str) -> bool:
    word = word.strip(".,:;!?()[]·…'\"")
    return (
        not re.search(r"[A-Za-z]", word)
        or word in ALLOWED_WORDS
        or any(pattern.match(word) for pattern in ALLOWED_PATTERNS)
    )


def english_in(texts: list[str]) -> list[str]:
    """The texts that hold a Latin word which is neither allowed nor a code."""
    return [
        text
        for text in texts
        if text not in ALLOWED_TEXTS
        and not all(latin_word_allowed(word) for word in SEPARATORS.split(text) if word)
    ]


def test_the_allow_list_lets_codes_through_and_catches_english() -> None:
    allowed = ["¥1,199.00", "SH-101 白色牛津纺", "175/96A", "GB/T 1335", "C2M Tailor"]
    english = ["Order total", "配送 Shipped", "Paid", "100% cotton", "Total: ¥407.80"]

    assert english_in([*allowed, "a@b.example", "U-7K3Q-9MX2", "41.5 cm", "(1.60 m)"]) == []
    assert english_in(english) == english


def test_a_chinese_customer_buys_a_shirt_without_meeting_english(
    live_server,
    browser_page,
    localstripe_url: str,  # type: ignore[no-untyped-def]
) -> None:
    demo_catalogue_load()
    demo_countries_load()
    product = apps.get_model("catalogue", "Product").objects.get(upc="SHIRT-OXF")
    localstripe_webhook_configure(
        base_url=localstripe_url,
        webhook_url=f"{live_server.url}/stripe/webhook/",
        secret=settings.STRIPE_WEBHOOK_SECRET,
    )
    page = browser_page
    base = f"{live_server.url}/zh-hans"
    seen: dict[str, list[str]] = {}

    def look() -> None:
        page.wait_for_load_state()
        assert "/zh-hans/" in page.url
        seen[page.url] = seen.get(page.url, []) + page.evaluate(LATIN_TEXT)

    try:
        page.goto(f"{base}/")
        look()
        page.goto(f"{base}/accounts/login/")
        look()
        page.fill("#id_registration-email", "li.wei@example.com")
        page.fill("#id_registration-password1", "Tailor-made-2026")
        page.fill("#id_registration-password2", "Tailor-made-2026")
        page.click("button[name=registration_submit]")
        page.wait_for_load_state()
        look()

        page.goto(f"{base}/catalogue/")
        look()
        page.goto(f"{live_server.url}/zh-hans{product.get_absolute_url().removeprefix('/en')}")
        look()
        for code, value in SHIRT_BODY.items():
            page.fill(f"#id_m_{code}", value)
        page.click("#submit-garment")
        page.wait_for_url("**/basket/")
        look()

        page.click("a[href$='/checkout/']")
        page.wait_for_url("**/checkout/shipping-address/")
        look()
        page.fill("#id_first_name", "伟")
        page.fill("#id_last_name", "李")
        page.fill("#id_line1", "天汉大道88号")
        page.fill("#id_line4", "汉中市")
        page.fill("#id_state", "陕西省")
        page.fill("#id_postcode", "723000")
        page.click("form#new_shipping_address button[type=submit]")
        page.wait_for_url("**/checkout/shipping-method/")
        look()
        page.locator("form:has(input[name=method_code][value=standard]) button").click()
        page.wait_for_url("**/checkout/preview/")
        look()

        card = page.locator("#card-element")
        card.locator("input[placeholder=number]").fill("4242424242424242")
        card.locator("input[placeholder=exp_month]").fill("12")
        card.locator("input[placeholder=exp_year]").fill("34")
        card.locator("input[placeholder=cvc]").fill("123")
        card.locator("input[placeholder=postal_code]").fill("72300")
        page.locator("#pay-button").click()
        page.wait_for_url("**/checkout/thank-you/", timeout=30_000)
        look()
        order = wait_for(
            lambda: apps.get_model("order", "Order").objects.filter(status="Paid").first(),
            timeout=15,
            what="the paid order",
        )
        page.goto(f"{base}/accounts/orders/")
        look()
        page.goto(f"{base}/accounts/orders/{order.number}/")
        look()
        order_page = page.inner_text("body")
    finally:
        localstripe_webhook_disable(base_url=localstripe_url)

    # The run lists every Latin-letter text it saw, page by page.
    for url, texts in seen.items():
        print(url, sorted(set(texts)))
    english = {url: sorted(set(english_in(texts))) for url, texts in seen.items()}
    assert {url: found for url, found in english.items() if found} == {}
    assert (
        len(seen) == 11
    )  # home, sign-in, catalogue, product, basket, four checkout steps, orders, order
    # The order keeps its text in English, and the page reads it in Chinese.
    line = order.lines.get()
    assert (line.title, order.shipping_code) == ("Oxford dress shirt", "standard")
    assert order.shipping_method == "Standard delivery (3–5 days after the garment ships)"
    assert "牛津纺正装衬衫" in order_page
    assert "标准快递（发货后 3–5 天送达）" in order_page
    assert "已付款" in order_page
