"""On the staff pages a line's status follows its garment (Oscar's line status stays
"Paid" while the garment is cut, sewn and shipped), in the reader's language, as the
customer's pages say it; at a fixed number of queries however many lines."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orders.models import ProductionUnit
from orders.services import unit_transition
from shop.models import ProductTranslation
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric

pytestmark = pytest.mark.django_db

TO_SHIPPED = ("sewing", "finishing", "qc", "packed", "shipped")


def _staff() -> Client:
    user = get_user_model().objects.create_user(
        username="desk", email="desk@example.com", password="pw", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


def _to(unit: ProductionUnit, states: tuple[str, ...], **changes: Any) -> None:
    for state in states:
        unit_transition(
            unit_id=unit.pk,
            to_state=state,
            actor_label="scan",
            changes=changes if state in ("routed", "shipped") else None,
        )


def _order(garments: int, code: str = "DESK") -> Any:
    """An order whose first garment is being cut, second shipped, third not yet routed
    (still paid), fourth and after being cut."""
    cloth = fabric(stock="500")
    factory = plant(code=code, fabrics=(cloth,))
    order = paid_order(fabric=cloth, garments=garments)
    units = list(ProductionUnit.objects.filter(order_line__order=order).order_by("pk"))
    for index, unit in enumerate(units):
        if index == 2:
            continue
        _to(unit, ("routed",), factory_id=factory.pk)
        _to(unit, ("planned", "released", "cutting"))
        if index == 1:
            for state in TO_SHIPPED:
                _to(unit, (state,), carrier="SF Express", tracking_number="SF1")
    return order


def _oscar_line_statuses(page: str) -> list[str]:
    """The status cell of each row of Oscar's own line table."""
    table = page.split('id="order_lines_form"', 1)[1].split("</table>", 1)[0]
    statuses = []
    for row in table.split('name="selected_line"')[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row.split("</tr>", 1)[0], flags=re.S)
        statuses.append(re.sub(r"<[^>]+>", "", cells[5]).strip())
    return statuses


def test_oscar_s_line_table_shows_each_garment_s_state_in_both_languages() -> None:
    order = _order(3)
    assert set(order.lines.values_list("status", flat=True)) == {"Paid"}
    client = _staff()

    english = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()
    chinese = client.get(f"/zh-hans/dashboard/orders/{order.number}/").content.decode()

    assert _oscar_line_statuses(english) == ["Cutting", "Shipped", "Paid"]
    assert _oscar_line_statuses(chinese) == ["裁剪", "已发货", "已付款"]
    garments = re.findall(r"data-line-status>([^<]*)<", chinese)
    assert garments == ["裁剪", "已发货", "已付款"]


def test_a_cancelled_line_says_cancelled_and_keeps_out_of_the_refund_form() -> None:
    order = _order(3)
    line = order.lines.order_by("pk")[2]
    unit = ProductionUnit.objects.get(order_line=line)
    unit_transition(unit_id=unit.pk, to_state="cancelled", actor_label="desk")
    line.set_status("Cancelled")

    chinese = _staff().get(f"/zh-hans/dashboard/orders/{order.number}/").content.decode()

    assert _oscar_line_statuses(chinese) == ["裁剪", "已发货", "已取消"]
    refund = chinese.split('id="stripe_refund_form"', 1)[1].split("</form>", 1)[0]
    assert re.findall(r'name="refund_line" value="(\d+)"', refund) == [
        str(pk) for pk in order.lines.order_by("pk").values_list("pk", flat=True)[:2]
    ]


def test_the_line_pages_show_the_garment_s_state() -> None:
    order = _order(2)
    shipped = order.lines.order_by("pk")[1]
    staff = _staff()
    customer = Client()
    customer.force_login(order.user)

    dashboard = staff.get(f"/zh-hans/dashboard/orders/{order.number}/lines/{shipped.pk}/")
    own = customer.get(f"/zh-hans/accounts/orders/{order.number}/{shipped.pk}/")
    customer_order = customer.get(f"/zh-hans/accounts/orders/{order.number}/").content.decode()

    assert "<th>状态</th><td>已发货</td>" in dashboard.content.decode()
    assert re.search(r"data-line-status>\s*已发货\s*<", own.content.decode())
    # The customer's order page says it the same way.
    assert "<span data-current-stage>已发货</span>" in customer_order


def test_the_order_list_says_what_the_garments_are_doing() -> None:
    order = _order(3)
    client = _staff()

    chinese = client.get("/zh-hans/dashboard/orders/").content.decode()
    english = client.get("/en/dashboard/orders/").content.decode()

    def states(page: str) -> list[str]:
        cell = page.split("data-garment-states>", 1)[1].split("</ul>", 1)[0]
        return re.findall(r"<li>([^<]*)</li>", cell)

    assert f">{order.number}<" in chinese
    assert states(english) == ["Paid × 1", "Cutting × 1", "Shipped × 1"]
    assert states(chinese) == ["已付款 1 件", "裁剪 1 件", "已发货 1 件"]


def _page_queries(client: Client, url: str) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_staff_order_page_takes_the_same_queries_for_few_lines_or_many(
    language: str,
) -> None:
    few, many = _order(3, code="DESK-A"), _order(7, code="DESK-B")
    client = _staff()

    small = _page_queries(client, f"/{language}/dashboard/orders/{few.number}/")
    large = _page_queries(client, f"/{language}/dashboard/orders/{many.number}/")

    assert large == small


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_order_list_takes_the_same_queries_for_few_orders_or_many(language: str) -> None:
    client = _staff()
    _order(3, code="DESK-A")
    small = _page_queries(client, f"/{language}/dashboard/orders/")
    for n in range(3):
        _order(4, code=f"DESK-{n}")

    assert _page_queries(client, f"/{language}/dashboard/orders/") == small


def test_the_staff_order_page_names_each_line_s_product_in_the_reader_s_language() -> None:
    order = _order(garments=2)
    line = order.lines.first()
    ProductTranslation.objects.create(product_id=line.product_id, title_zh="测试衬衫")
    client = _staff()

    chinese = client.get(f"/zh-hans/dashboard/orders/{order.number}/").content.decode()
    english = client.get(f"/en/dashboard/orders/{order.number}/").content.decode()
    line_page = client.get(
        f"/zh-hans/dashboard/orders/{order.number}/lines/{line.pk}/"
    ).content.decode()

    assert chinese.count("测试衬衫") >= 3  # Oscar's line table, the garments table, refunds
    # Only Oscar's payment-event rows still quote the title the line was sold under.
    assert chinese.count(line.title) == chinese.count(f"商品： {line.title} - 数量")
    assert line.title in english and "测试衬衫" not in english
    assert "测试衬衫" in line_page
