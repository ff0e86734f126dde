"""Load kit: customers who browse, configure and pay, and factory operators who scan.

    pip install -e '.[load]'
    locust -f loadtest/locustfile.py --host http://127.0.0.1:8000

Customers sign in as the demo customers ``demo_scenario`` made (customer00001@demo…,
password set by ``LOAD_CUSTOMER_PASSWORD`` on those accounts first, see the README), put
a shirt in the basket through the configurator, open the payment page (which creates the
PaymentIntent at localstripe) and confirm the test card; localstripe's webhook then makes
the order. Operators scan garments of their factory's accepted work orders on to the next
station through the factory API (``POST /api/v1/stage-events/``) with a token
(``LOAD_FACTORY_TOKEN``).
"""

from __future__ import annotations

import os
import random
import re
import uuid

from locust import HttpUser, between, task

CUSTOMERS = int(os.environ.get("LOAD_CUSTOMERS", "100"))
PASSWORD = os.environ.get("LOAD_CUSTOMER_PASSWORD", "load-test-2026")
BODY = {
    "height": "176",
    "neck": "39.5",
    "chest": "98",
    "waist": "84",
    "hip": "97",
    "shoulder_width": "45.5",
    "sleeve_length": "63",
    "shirt_length": "75",
    "bicep": "32",
    "wrist": "17",
}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


class Customer(HttpUser):
    """Browse → configure → pay."""

    weight = 5
    wait_time = between(1, 5)

    def on_start(self) -> None:
        n = random.randrange(1, CUSTOMERS)
        page = self.client.get("/en/accounts/login/")
        self.client.post(
            "/en/accounts/login/",
            {
                "csrfmiddlewaretoken": _csrf(page.text),
                "login-username": f"customer{n:05d}@demo.c2m.example",
                "login-password": PASSWORD,
                "login_submit": "Log In",
            },
            headers={"Referer": self.client.base_url + "/en/accounts/login/"},
        )

    @task(5)
    def browse(self) -> None:
        page = self.client.get("/en/catalogue/")
        links = re.findall(r'href="(/en/catalogue/[\w-]+_\d+/)"', page.text)
        if links:
            self.client.get(random.choice(links), name="/en/catalogue/[style]/")

    @task(1)
    def configure_and_pay(self) -> None:
        page = self.client.get("/en/catalogue/")
        shirts = re.findall(r'href="(/en/catalogue/[\w-]*shirt[\w-]*_\d+/)"', page.text)
        if not shirts:
            return
        style = random.choice(shirts)
        form = self.client.get(style, name="/en/catalogue/[style]/")
        fabrics = re.findall(r'name="fabric" value="([\w-]+)"', form.text)
        if not fabrics:
            return
        data = {"csrfmiddlewaretoken": _csrf(form.text), "fabric": random.choice(fabrics)}
        data.update({"sex": "male", "action": "add"})
        data.update({f"m_{code}": value for code, value in BODY.items()})
        self.client.post(style, data, name="/en/catalogue/[style]/ (add)")
        preview = self.client.get("/en/checkout/preview/")
        confirm = re.search(r'data-confirm-url="([^"]+)"', preview.text)
        if confirm is None:
            return
        self.client.post(
            confirm.group(1),
            {"csrfmiddlewaretoken": _csrf(preview.text), "payment_method": "pm_card_visa"},
            name="/checkout/payment/[intent]/confirm/",
            headers={"Referer": self.client.base_url + "/en/checkout/preview/"},
        )


#: The station that takes a garment on from each state (the factory floor's scan order).
NEXT_STATION = {
    "released": "cutting",
    "cutting": "sewing",
    "sewing": "finishing",
    "finishing": "qc",
}


class Operator(HttpUser):
    """Scans garments on to their next station through the factory API (``LOAD_FACTORY_TOKEN``,
    a manager's token from the portal's API token page)."""

    weight = 1
    wait_time = between(2, 6)

    def on_start(self) -> None:
        token = os.environ.get("LOAD_FACTORY_TOKEN", "")
        self.client.headers["Authorization"] = f"Bearer {token}"

    @task
    def scan(self) -> None:
        listing = self.client.get(
            "/api/v1/work-orders/?state=accepted", name="/api/v1/work-orders/"
        )
        orders = listing.json().get("results", []) if listing.ok else []
        if not orders:
            return
        detail = self.client.get(
            f"/api/v1/work-orders/{random.choice(orders)['id']}/", name="/api/v1/work-orders/[id]/"
        )
        units = [u for u in detail.json().get("units", []) if u["state"] in NEXT_STATION]
        if not units:
            return
        unit = random.choice(units)
        self.client.post(
            "/api/v1/stage-events/",
            json={
                "unit_code": unit["code"],
                "stage": NEXT_STATION[unit["state"]],
                "client_event_id": uuid.uuid4().hex,
            },
            name="/api/v1/stage-events/",
        )
