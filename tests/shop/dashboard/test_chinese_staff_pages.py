"""The staff dashboard in Simplified Chinese shows no English where a reader would see
it: statuses, payment and timeline names stored in English are shown in Chinese (the
values sent stay the stored ones), catalogue names come from their translations and
Oscar's own strings that its catalogue leaves in English come from ours; at a fixed
number of queries on the list pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from operations.selectors import Filters, throughput
from orders.models import UnitEvent
from shop.services import (
    GARMENT_SPEC_OPTION_CODE,
    category_translation_set,
    product_class_translation_set,
)
from tests.config.test_translations import messages
from tests.operations.scenario import week_of_production
from tests.orders.factories import paid_order
from tests.shop.factories import fabric, garment_product

pytestmark = pytest.mark.django_db

_NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def desk() -> Client:
    user = get_user_model().objects.create_user(
        username="desk",
        email="desk@example.com",
        password="pw",
        first_name="Wei",
        last_name="Li",
        is_staff=True,
        is_superuser=True,
    )
    client = Client()
    client.force_login(user)
    return client


def _orders(statuses: tuple[str, ...]) -> list[Any]:
    """Paid orders (Stripe card payments), then set to the given statuses."""
    cloth = fabric(stock="500")
    orders = []
    for status in statuses:
        order = paid_order(fabric=cloth)
        type(order).objects.filter(pk=order.pk).update(status=status)
        orders.append(order)
    return orders


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_order_list_names_statuses_and_payment_in_chinese(desk: Client) -> None:
    _orders(("Paid", "Cancelled", "Partly cancelled"))

    page = _page(desk, "/zh-hans/dashboard/orders/")

    # Each in its order's row, the status search and the change-status menu.
    assert [page.count(f">{label}<") for label in ("已付款", "已取消", "部分取消")] == [3, 3, 3]
    for english in ("Paid", "Cancelled", "Partly cancelled", "Stripe card"):
        assert f">{english}<" not in page
    # The change-status menu still sends Oscar's English statuses.
    assert (
        re.findall(r'<select name="new_status">(.*?)</select>', page, flags=re.S)[0].count(
            '<option value="Partly cancelled">部分取消</option>'
        )
        == 1
    )
    assert '<option value="stripe-card">Stripe 银行卡</option>' in page
    assert "已选" in page and " selected" not in re.sub(r"<[^>]+>", "", page)
    # The delivery address names its country in the reader's language.
    assert page.count(", 中国</td>") == 3 and "China" not in page


def test_order_list_keeps_english_for_english_readers(desk: Client) -> None:
    _orders(("Paid",))

    page = _page(desk, "/en/dashboard/orders/")

    assert '<option value="Paid">Paid</option>' in page
    assert "已付款" not in page
    assert page.count(", China</td>") == 1


def test_changing_an_order_status_from_the_chinese_menu_stores_the_english_status(
    desk: Client,
) -> None:
    (order,) = _orders(("Paid",))
    order_model = type(order)

    response = desk.post(
        "/zh-hans/dashboard/orders/",
        {"action": "change_order_statuses", "new_status": "Cancelled", "selected_order": order.pk},
    )

    assert response.status_code == 302
    assert order_model.objects.get(pk=order.pk).status == "Cancelled"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_order_list_queries_do_not_grow_with_orders(desk: Client, language: str) -> None:
    url = f"/{language}/dashboard/orders/"
    _orders(("Paid",))
    few = _queries(desk, url)
    _orders(("Cancelled", "Partly cancelled", "Paid"))

    assert _queries(desk, url) == few


def test_order_statistics_name_statuses_in_chinese(desk: Client) -> None:
    _orders(("Paid", "Cancelled"))

    page = _page(desk, "/zh-hans/dashboard/orders/statistics/")

    assert sorted(re.findall(r'status=([^"&]+)">([^<]*)</a>', page)) == [
        ("Cancelled", "已取消"),
        ("Paid", "已付款"),
    ]
    assert ">Paid<" not in page and ">Cancelled<" not in page


def test_order_page_menus_payments_and_timeline_in_chinese(desk: Client) -> None:
    (order,) = _orders(("Paid",))
    UnitEvent.objects.filter(unit__order_line__order=order).update(actor_label="scan")
    # Sold, as in the demo, through the platform's own partner.
    apps.get_model("partner", "Partner").objects.filter(code="test").update(
        code="c2m-network", name="C2M factory network"
    )
    order.lines.update(partner_name="C2M factory network")

    page = _page(desk, f"/zh-hans/dashboard/orders/{order.number}/")

    line_menu = re.search(r'<select id="new_status_select"[^>]*>(.*?)</select>', page, re.S)
    assert line_menu is not None
    options = re.findall(r'<option value="([^"]+)">([^<]*)</option>', line_menu.group(1))
    assert options == [("Paid", "已付款"), ("Cancelled", "已取消"), ("Refunded", "已退款")]
    assert "<option>" not in line_menu.group(1)
    assert '<option value="paid">已付款</option>' in page  # the payment event menu
    assert "<td >已付款</td>" in page  # the payment event
    assert "<td>Stripe 银行卡</td>" in page  # the payment source
    assert "· 扫码站" in page and "· scan" not in page
    assert re.findall(r'/partners/\d+/">([^<]+)</a>', page) == ["C2M 工厂网络"]
    for english in ("Paid", "Stripe card", "C2M factory network"):
        assert f">{english}<" not in page
    assert "C2M factory network" not in page


def test_product_types_in_chinese_at_fixed_queries(desk: Client) -> None:
    garment_product(garment_type="shirt")
    product_class_model = apps.get_model("catalogue", "ProductClass")
    product_class_translation_set(
        product_class=product_class_model.objects.get(name="shirt class"), name_zh="正装衬衫"
    )
    url = "/zh-hans/dashboard/catalogue/product-types/"
    few = _queries(desk, url)
    garment_product(garment_type="trousers")
    product_class_translation_set(
        product_class=product_class_model.objects.get(name="trousers class"), name_zh="西裤"
    )

    page = _page(desk, url)

    assert re.findall(r'/product-type/\d+/update/">([^<\n]+)</a>', page)[::3] == [
        "正装衬衫",
        "西裤",
    ]
    assert "shirt class" not in page and "trousers class" not in page
    assert _queries(desk, url) == few
    assert "shirt class" in _page(desk, "/en/dashboard/catalogue/product-types/")


def test_categories_in_chinese_at_fixed_queries(desk: Client) -> None:
    category_model = apps.get_model("catalogue", "Category")
    shirts = category_model.add_root(name="Shirts")
    category_translation_set(category=shirts, name_zh="衬衫")
    url = "/zh-hans/dashboard/catalogue/categories/"
    few = _queries(desk, url)
    trousers = category_model.add_root(name="Trousers")
    category_translation_set(category=trousers, name_zh="裤子")

    page = _page(desk, url)
    text = re.sub(r"<[^>]+>", " ", page)

    assert re.findall(r'/categories/\d+/update/">([^<\n]+)</a>', page) == ["衬衫", "裤子"]
    for chinese in ("操作", "公开", "取消公开", "搜索分类", "对所选分类："):
        assert chinese in text, chinese
    for english in (
        "Shirts",
        "Trousers",
        "Actions",
        "Make public",
        "Make non-public",
        "Search Categories",
        "With selected categories",
    ):
        assert english not in text, english
    assert _queries(desk, url) == few


def test_option_list_names_the_garment_spec_option_in_chinese(desk: Client) -> None:
    apps.get_model("catalogue", "Option").objects.create(
        code=GARMENT_SPEC_OPTION_CODE, name="Garment spec", type="text", required=False
    )

    chinese = _page(desk, "/zh-hans/dashboard/catalogue/option/")
    english = _page(desk, "/en/dashboard/catalogue/option/")

    assert ("服装规格" in chinese, "此选项是否必填？" in chinese) == (True, True)
    assert ("Garment spec" in chinese, "Is this option required" in chinese) == (False, False)
    assert "Garment spec" in english


def test_user_list_in_chinese(desk: Client) -> None:
    page = _page(desk, "/zh-hans/dashboard/users/")
    cells = re.findall(r"<td\s*>([^<]*)</td>", page)

    # The staff member's row: name, active, staff, joined, orders.
    assert cells[-5:] == ["Wei Li", "是", "是", "2026年11月30日 09:00", "0"]
    assert ("True" in cells, "False" in cells) == (False, False)
    assert re.search(r"<th[^>]*>\s*(<a[^>]*>)?\s*名称", page)
    assert not re.search(r"<th[^>]*>\s*(<a[^>]*>)?\s*Name\s*<", page)


def test_offer_list_in_chinese(desk: Client) -> None:
    page = _page(desk, "/zh-hans/dashboard/offers/")

    assert "全部优惠" in page and "All Offers" not in page
    assert '<option value="true">是</option>' in page
    assert '<option value="false">否</option>' in page
    assert ">Yes<" not in page and ">No<" not in page


def test_voucher_lists_in_chinese(desk: Client) -> None:
    vouchers = _page(desk, "/zh-hans/dashboard/vouchers/")
    sets = _page(desk, "/zh-hans/dashboard/vouchers/sets/")
    english = _page(desk, "/en/dashboard/vouchers/")

    # The list shows vouchers outside sets by default, and says so among its filters.
    assert '<span class="badge badge-success">不属于任何优惠券集</span>' in vouchers
    assert "<label>筛选条件：</label>" in vouchers and "Filters:" not in vouchers
    assert "高级搜索" in vouchers and "Advanced Search" not in vouchers
    assert "<label>Filters:</label>" in english and "Not in a set</span>" in english
    assert "属于优惠券集？" in vouchers and "In voucher set?" not in vouchers
    assert "没有找到优惠券集。" in sets and "No voucher sets found." not in sets


@pytest.mark.parametrize(
    "url",
    [
        "/zh-hans/dashboard/orders/?order_number=1000",
        "/zh-hans/dashboard/offers/?name=Spring",
        "/zh-hans/dashboard/vouchers/?code=SPRING",
        "voucher-set",
    ],
)
def test_search_filters_label_in_chinese_on_every_list(desk: Client, url: str) -> None:
    """Oscar writes the label over the filters of a search as plain text in these four
    templates; it is read through the catalogue (config.template_loaders)."""
    if url == "voucher-set":
        voucher_set = apps.get_model("voucher", "VoucherSet").objects.create(
            name="Spring", count=0, start_datetime=_NOW, end_datetime=_NOW
        )
        url = f"/zh-hans/dashboard/vouchers/sets/detail/{voucher_set.pk}/?code=SPRING"
    page = _page(desk, url)
    english = _page(desk, url.replace("/zh-hans/", "/en/", 1))

    assert page.count('<div class="search-filter-list">') == 1
    assert "<label>筛选条件：</label>" in page and "Filters:" not in page
    assert "<label>Filters:</label>" in english and "筛选条件" not in english


def test_dashboard_pagination_in_chinese(rf: RequestFactory) -> None:
    paginator = Paginator(list(range(60)), 20)

    with translation.override("zh-hans"):
        html = render_to_string(
            "oscar/dashboard/partials/pagination.html",
            {"paginator": paginator, "page_obj": paginator.page(2), "is_paginated": True},
            request=rf.get("/zh-hans/dashboard/orders/?page=2"),
        )

    assert "第 2 页，共 3 页" in html
    assert "Page" not in html


def test_no_chinese_message_names_a_library() -> None:
    """The holiday calendar's warning names what to update in Chinese, not the package."""
    named = [m.id for m in messages() if "chinesecalendar" in str(m.string)]

    assert named == []


def test_operations_qc_reasons_named_in_chinese(clock: Any) -> None:
    """The QC reasons are stored as codes ("seam"); the table names them."""
    week_of_production(clock)
    filters = Filters(start=date(2026, 11, 23), end=date(2026, 11, 29))

    with translation.override("zh-hans"):
        chinese = throughput(filters=filters).tables["qc-reasons"].rows
    english = throughput(filters=filters).tables["qc-reasons"].rows

    assert [row[0] for row in chinese] == ["面料瑕疵", "缝线问题"]
    assert [row[0] for row in english] == ["Fabric flaw", "Seam fault"]


def test_the_platform_partner_named_in_chinese(desk: Client) -> None:
    partner_model = apps.get_model("partner", "Partner")
    partner_model.objects.create(code="c2m-network", name="C2M factory network")
    partner_model.objects.create(code="mill", name="Riverside mill")

    chinese = _page(desk, "/zh-hans/dashboard/partners/")
    english = _page(desk, "/en/dashboard/partners/")

    names = r'/partners/\d+/">([^<\n]+)</a>'
    assert sorted(re.findall(names, chinese)) == ["C2M 工厂网络", "Riverside mill"]
    assert sorted(re.findall(names, english)) == ["C2M factory network", "Riverside mill"]
