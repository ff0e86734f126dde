"""Who may open what: every URL pattern of the platform, requested (GET) as each kind of
user, against the status expected in each cell. The matrix is printed.

Roles: anonymous, two customers (A owns the order, address, profile, wish list and
alert used in the paths; B owns nothing of them), a manager and an operator of two
factories, and staff. ``ACCESS`` has one entry per URL pattern (its route, as Django
resolves it): the path to request and the expected status per role. A URL pattern
without an entry fails the test; add its line to ``ACCESS``. Under Django's admin and
Oscar's dashboard every page follows one rule, ``STAFF_AREA``, so their entries are
generated from the namespace.

Statuses: 200 shown; 302 sent on (``LOGIN`` = to the sign-in page); 404 not found (a
thing of someone else's is never told apart from one that does not exist); 405 the
method is refused (the page changes something and wants POST).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from factory.floor.models import Shipment
from factory.models import FactoryMembership
from orders.services import cut_plan_apply
from shop.models import MeasurementProfile
from tests.factory.floor.builders import released_work_order
from tests.orders.factories import paid_order, plant
from tests.services import measured_report
from tests.shop.factories import fabric, garment_product
from tests.shop.payments.factories import country_cn

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("anon", "cust_a", "cust_b", "f1_manager", "f1_operator", "f2_manager", "f2_operator")
ROLES += ("staff",)
SIGNED_IN = ROLES[1:]
LOGIN = "login"  # a 302 to a sign-in page
SERVED = "served"  # staff area: anything but a refusal or a server error
DENIED = "denied"  # staff area, not staff: sent to sign in, or 403


def _cells(default: Any, **overrides: Any) -> dict[str, Any]:
    cells = dict.fromkeys(ROLES, default)
    cells.update(overrides)
    return cells


PUBLIC = _cells(200)
#: Signed-in only, each user sees their own.
ACCOUNT = _cells(200, anon=LOGIN)
#: For someone signed out (a signed-in user is refused).
SIGNED_OUT = _cells(403, anon=200)
#: A thing customer A owns.
OWNER_A = _cells(404, anon=LOGIN, cust_a=200)
#: Staff pages of our own apps: a signed-in user who is not staff is refused (403).
OUR_STAFF = _cells(403, anon=LOGIN, staff=200)
#: A POST-only view: GET is refused for everyone allowed past sign-in.
POST_ONLY = _cells(405, anon=LOGIN)
#: A POST-only view that checks the method before the sign-in.
POST_FIRST = _cells(405)
STAFF_AREA = _cells(DENIED, staff=SERVED)
#: The factory portal: the people of a factory only (customers and staff are refused).
FLOOR = _cells(200, anon=LOGIN, cust_a=403, cust_b=403, staff=403)
#: A thing of factory 1: the other factory's people never learn it exists.
FLOOR_F1 = _cells(404, anon=LOGIN, cust_a=403, cust_b=403, staff=403, f1_manager=200)
FLOOR_F1.update(f1_operator=200)
#: As FLOOR_F1, and staff open any factory's (the staff order page links each garment's).
FLOOR_F1_AND_STAFF = {**FLOOR_F1, "staff": 200}
#: A POST-only portal action: GET is refused before anything else.
FLOOR_POST = POST_FIRST


@dataclass(frozen=True)
class Entry:
    path: str  # formatted with the objects (``{order}``, ``{line}``, …)
    expect: dict[str, Any]
    #: The request signs the user out: every role is signed in again after it.
    signs_out: bool = False


ACCESS: dict[str, Entry] = {
    # Platform
    "healthz": Entry("/healthz", PUBLIC),
    "favicon.ico": Entry("/favicon.ico", _cells(302)),
    "stripe/webhook/": Entry("/stripe/webhook/", _cells(405)),
    "i18n/setlang/": Entry("/i18n/setlang/", _cells(302)),
    # Where a sign-in lands: a factory's portal or the storefront.
    "en/after-login/": Entry("/en/after-login/", _cells(302)),
    # The factory portal
    "en/factory/": Entry("/en/factory/", FLOOR),
    "en/factory/work-orders/<int:pk>/": Entry("/en/factory/work-orders/{work_order}/", FLOOR_F1),
    "en/factory/work-orders/<int:pk>/accept/": Entry(
        "/en/factory/work-orders/{work_order}/accept/", FLOOR_POST
    ),
    "en/factory/work-orders/<int:pk>/tickets.pdf": Entry(
        "/en/factory/work-orders/{work_order}/tickets.pdf", FLOOR_F1_AND_STAFF
    ),
    "en/factory/work-orders/<int:pk>/cut-sheet.pdf": Entry(
        "/en/factory/work-orders/{work_order}/cut-sheet.pdf", FLOOR_F1
    ),
    "en/factory/work-orders/<int:pk>/marker.svg": Entry(
        "/en/factory/work-orders/{work_order}/marker.svg", FLOOR_F1
    ),
    "en/factory/work-orders/<int:pk>/marker.pdf": Entry(
        "/en/factory/work-orders/{work_order}/marker.pdf", FLOOR_F1
    ),
    "en/factory/work-orders/<int:pk>/units/<str:code>/pattern.svg": Entry(
        "/en/factory/work-orders/{work_order}/units/{wo_unit}/pattern.svg", FLOOR_F1
    ),
    "en/factory/work-orders/<int:pk>/units/<str:code>/pattern.pdf": Entry(
        "/en/factory/work-orders/{work_order}/units/{wo_unit}/pattern.pdf", FLOOR_F1
    ),
    "en/factory/work-orders/<int:pk>/units/<str:code>/pattern.dxf": Entry(
        "/en/factory/work-orders/{work_order}/units/{wo_unit}/pattern.dxf", FLOOR_F1
    ),
    "en/factory/scan/": Entry("/en/factory/scan/", FLOOR),
    "en/factory/scan/record/": Entry("/en/factory/scan/record/", FLOOR_POST),
    "en/factory/scan/undo/": Entry("/en/factory/scan/undo/", FLOOR_POST),
    "en/factory/qc/": Entry("/en/factory/qc/", FLOOR),
    "en/factory/qc/record/": Entry("/en/factory/qc/record/", FLOOR_POST),
    "en/factory/shipping/": Entry("/en/factory/shipping/", FLOOR),
    "en/factory/shipping/create/": Entry("/en/factory/shipping/create/", FLOOR_POST),
    "en/factory/shipments/<int:pk>/packing-slip.pdf": Entry(
        "/en/factory/shipments/{shipment}/packing-slip.pdf", FLOOR_F1
    ),
    "en/factory/shipments/<int:pk>/deliver/": Entry(
        "/en/factory/shipments/{shipment}/deliver/", FLOOR_POST
    ),
    "accounts/orders/<str:number>/garments/<int:line_id>/cancel/": Entry(
        "/accounts/orders/{order}/garments/{line}/cancel/", POST_ONLY
    ),
    "dashboard/garments/orders/<str:number>/refund/": Entry(
        "/dashboard/garments/orders/{order}/refund/", _cells(LOGIN, staff=405)
    ),
    # The factory API: its schema and docs are public; everything else wants a factory's
    # token, which no session is (see test_api_with_factory_tokens for the tokens).
    "api/schema/": Entry("/api/schema/", PUBLIC),
    "api/docs/": Entry("/api/docs/", PUBLIC),
    "api/v1/work-orders/": Entry("/api/v1/work-orders/", _cells(401)),
    "api/v1/work-orders/<int:pk>/": Entry("/api/v1/work-orders/0/", _cells(401)),
    "api/v1/work-orders/<int:pk>/tickets.pdf": Entry(
        "/api/v1/work-orders/0/tickets.pdf", _cells(401)
    ),
    "api/v1/work-orders/<int:pk>/marker.svg": Entry(
        "/api/v1/work-orders/0/marker.svg", _cells(401)
    ),
    "api/v1/work-orders/<int:pk>/marker.pdf": Entry(
        "/api/v1/work-orders/0/marker.pdf", _cells(401)
    ),
    "api/v1/work-orders/<int:pk>/units/<str:code>/pattern.svg": Entry(
        "/api/v1/work-orders/0/units/{wo_unit}/pattern.svg", _cells(401)
    ),
    "api/v1/work-orders/<int:pk>/units/<str:code>/pattern.pdf": Entry(
        "/api/v1/work-orders/0/units/{wo_unit}/pattern.pdf", _cells(401)
    ),
    "api/v1/work-orders/<int:pk>/units/<str:code>/pattern.dxf": Entry(
        "/api/v1/work-orders/0/units/{wo_unit}/pattern.dxf", _cells(401)
    ),
    "api/v1/work-orders/<int:pk>/accept/": Entry("/api/v1/work-orders/0/accept/", _cells(401)),
    "api/v1/stage-events/": Entry("/api/v1/stage-events/", _cells(401)),
    "api/v1/qc-results/": Entry("/api/v1/qc-results/", _cells(401)),
    "api/v1/shipments/": Entry("/api/v1/shipments/", _cells(401)),
    "api/v1/shipments/<int:pk>/delivered/": Entry("/api/v1/shipments/0/delivered/", _cells(401)),
    "api/^(?P<path>.*)$": Entry("/api/v1/no-such-thing/", _cells(404)),
    # The factory portal's API token page: a factory's managers only.
    "en/factory/api-token/": Entry(
        "/en/factory/api-token/", _cells(403, anon=LOGIN, f1_manager=200, f2_manager=200)
    ),
    # Garments, factories and planning for staff
    "en/dashboard/garments/fabrics/": Entry("/en/dashboard/garments/fabrics/", OUR_STAFF),
    "en/dashboard/garments/fabrics/create/": Entry(
        "/en/dashboard/garments/fabrics/create/", OUR_STAFF
    ),
    "en/dashboard/garments/fabrics/<int:pk>/": Entry(
        "/en/dashboard/garments/fabrics/{fabric}/", OUR_STAFF
    ),
    "en/dashboard/garments/fabrics/<int:pk>/deactivate/": Entry(
        "/en/dashboard/garments/fabrics/{fabric}/deactivate/", OUR_STAFF
    ),
    "en/dashboard/garments/options/": Entry("/en/dashboard/garments/options/", OUR_STAFF),
    "en/dashboard/garments/options/create/": Entry(
        "/en/dashboard/garments/options/create/", OUR_STAFF
    ),
    "en/dashboard/garments/options/<int:pk>/": Entry(
        "/en/dashboard/garments/options/0/", _cells(403, anon=LOGIN, staff=404)
    ),
    "en/dashboard/garments/options/<int:option_pk>/choices/<int:pk>/delete/": Entry(
        "/en/dashboard/garments/options/0/choices/0/delete/", _cells(403, anon=LOGIN, staff=404)
    ),
    "en/dashboard/factories/": Entry("/en/dashboard/factories/", OUR_STAFF),
    "en/dashboard/factories/create/": Entry("/en/dashboard/factories/create/", OUR_STAFF),
    "en/dashboard/factories/<int:pk>/": Entry("/en/dashboard/factories/{factory1}/", OUR_STAFF),
    "en/dashboard/factories/standard-minutes/": Entry(
        "/en/dashboard/factories/standard-minutes/", OUR_STAFF
    ),
    "en/dashboard/planning/": Entry("/en/dashboard/planning/", _cells(LOGIN, staff=200)),
    "en/dashboard/operations/": Entry("/en/dashboard/operations/", _cells(LOGIN, staff=200)),
    "en/dashboard/planning/replan/": Entry(
        "/en/dashboard/planning/replan/", _cells(LOGIN, staff=405)
    ),
    "en/dashboard/planning/runs/<int:run_id>/": Entry(
        "/en/dashboard/planning/runs/0/", _cells(LOGIN, staff=404)
    ),
    # Pattern pages of a unit, for staff.
    "en/dashboard/patterns/": Entry("/en/dashboard/patterns/", OUR_STAFF),
    "en/dashboard/patterns/<str:code>/": Entry(
        "/en/dashboard/patterns/{unit}/", _cells(LOGIN, staff=200)
    ),
    "en/dashboard/patterns/<str:code>/pattern.svg": Entry(
        "/en/dashboard/patterns/{unit}/pattern.svg", _cells(LOGIN, staff=200)
    ),
    "en/dashboard/patterns/<str:code>/pattern.pdf": Entry(
        "/en/dashboard/patterns/{unit}/pattern.pdf", _cells(LOGIN, staff=200)
    ),
    "en/dashboard/patterns/<str:code>/pattern.dxf": Entry(
        "/en/dashboard/patterns/{unit}/pattern.dxf", _cells(LOGIN, staff=200)
    ),
    "en/dashboard/garments/orders/<str:number>/refund/": Entry(
        "/en/dashboard/garments/orders/{order}/refund/", _cells(LOGIN, staff=405)
    ),
    # Payments
    "en/accounts/orders/<str:number>/garments/<int:line_id>/cancel/": Entry(
        "/en/accounts/orders/{order}/garments/{line}/cancel/", POST_ONLY
    ),
    "en/accounts/orders/<str:number>/garments/<int:line_id>/measurements/": Entry(
        "/en/accounts/orders/{order}/garments/{line}/measurements/", OWNER_A
    ),
    # No correction exists in the matrix's data: nobody finds one.
    "en/accounts/orders/corrections/<int:pk>/pay/": Entry(
        "/en/accounts/orders/corrections/0/pay/", _cells(404, anon=LOGIN)
    ),
    "en/accounts/orders/corrections/<int:pk>/confirm/": Entry(
        "/en/accounts/orders/corrections/0/confirm/", POST_ONLY
    ),
    "en/checkout/payment/<str:payment_intent_id>/": Entry(
        "/en/checkout/payment/{payment}/", _cells(404, anon=LOGIN, cust_a=302)
    ),
    "en/checkout/payment/<str:payment_intent_id>/confirm/": Entry(
        "/en/checkout/payment/{payment}/confirm/", POST_ONLY
    ),
    # Storefront of our own
    "en/catalogue/<str:product_slug>_<int:pk>/": Entry("/en/catalogue/{product_path}/", PUBLIC),
    "en/": Entry("/en/", PUBLIC),
    "en/garments/<int:pk>/preview/": Entry("/en/garments/{product}/preview/", POST_FIRST),
    "en/garments/<int:pk>/drawing.svg": Entry("/en/garments/{product}/drawing.svg", PUBLIC),
    "en/accounts/measurements/": Entry("/en/accounts/measurements/", ACCOUNT),
    "en/accounts/measurements/new/": Entry("/en/accounts/measurements/new/", ACCOUNT),
    "en/accounts/measurements/estimate/": Entry("/en/accounts/measurements/estimate/", ACCOUNT),
    "en/accounts/measurements/<int:pk>/": Entry("/en/accounts/measurements/{profile}/", OWNER_A),
    "en/accounts/measurements/<int:pk>/delete/": Entry(
        "/en/accounts/measurements/{profile}/delete/", POST_ONLY
    ),
    # Django's admin and Oscar's dashboard: the pages that are not staff-only.
    "admin/login/": Entry("/admin/login/", _cells(200, staff=302)),
    # Non-staff are sent to the admin sign-in; staff must POST to sign out.
    "admin/logout/": Entry("/admin/logout/", _cells(302, staff=405), signs_out=True),
    # The category tree's JavaScript catalogue (treebeard's admin).
    "admin/catalogue/category/jsi18n/": Entry("/admin/catalogue/category/jsi18n/", PUBLIC),
    "admin/autocomplete/": Entry("/admin/autocomplete/", _cells(DENIED, staff=403)),
    "admin/axes/accessattempt/add/": Entry(
        "/admin/axes/accessattempt/add/", _cells(DENIED, staff=403)
    ),
    "admin/axes/accesslog/add/": Entry("/admin/axes/accesslog/add/", _cells(DENIED, staff=403)),
    "admin/axes/accessfailurelog/add/": Entry(
        "/admin/axes/accessfailurelog/add/", _cells(DENIED, staff=403)
    ),
    "en/dashboard/login/": Entry("/en/dashboard/login/", PUBLIC),
    "en/dashboard/logout/": Entry("/en/dashboard/logout/", _cells(405), signs_out=True),
    # Oscar's storefront, guarded (config/oscar_guards.py)
    "en/accounts/orders/<str:order_number>/<int:line_id>/": Entry(
        "/en/accounts/orders/{order}/{line}/", OWNER_A
    ),
    r"en/^accounts/addresses/(?P<pk>\d+)/(?P<action>default_for_(billing|shipping))/$": Entry(
        "/en/accounts/addresses/{address}/default_for_shipping/", POST_FIRST
    ),
    "en/accounts/alerts/cancel/key/<str:key>/": Entry(
        "/en/accounts/alerts/cancel/key/{alert_key}/", _cells(405)
    ),
    "en/accounts/alerts/cancel/<int:pk>/": Entry("/en/accounts/alerts/cancel/{alert}/", POST_ONLY),
    "en/accounts/wishlists/add/<int:product_pk>/": Entry(
        "/en/accounts/wishlists/add/{product}/", POST_FIRST
    ),
    "en/accounts/wishlists/<str:key>/add/<int:product_pk>/": Entry(
        "/en/accounts/wishlists/{wishlist}/add/{product}/", POST_FIRST
    ),
    # Oscar's storefront
    r"en/catalogue/^(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/<int:pk>/": Entry(
        "/en/catalogue/{product_path}/reviews/0/", _cells(404)
    ),
    # Ours (config/oscar_guards.py) answers before Oscar's: only after a delivery (before
    # it, back to the garment's page with the reason).
    r"en/^catalogue/(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/add/$": Entry(
        "/en/catalogue/{product_path}/reviews/add/", _cells(302, anon=LOGIN)
    ),
    r"en/catalogue/^(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/add/": Entry(
        "/en/catalogue/{product_path}/reviews/add/", _cells(302, anon=LOGIN)
    ),
    r"en/catalogue/^(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/<int:pk>/vote/": Entry(
        "/en/catalogue/{product_path}/reviews/0/vote/", _cells(405, anon=LOGIN)
    ),
    r"en/catalogue/^(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/": Entry(
        "/en/catalogue/{product_path}/reviews/", PUBLIC
    ),
    "en/catalogue/": Entry("/en/catalogue/", PUBLIC),
    "en/catalogue/(oscar)": Entry("/en/catalogue/", PUBLIC),  # shadowed by ours
    r"en/catalogue/^(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$": Entry(
        "/en/catalogue/{product_path}/", PUBLIC
    ),
    r"en/catalogue/^category/(?P<category_slug>[\w-]+(/[\w-]+)*)_(?P<pk>\d+)/$": Entry(
        "/en/catalogue/category/none_0/", _cells(404)
    ),
    r"en/catalogue/^ranges/(?P<slug>[\w-]+)/$": Entry("/en/catalogue/ranges/none/", _cells(404)),
    "en/basket/": Entry("/en/basket/", PUBLIC),
    # Ours (config/oscar_guards.py): a garment style goes to its configurator first.
    "en/basket/add/<int:pk>/": Entry("/en/basket/add/{product}/", _cells(302)),
    "en/basket/vouchers/add/": Entry("/en/basket/vouchers/add/", _cells(302)),
    "en/basket/vouchers/<int:pk>/remove/": Entry("/en/basket/vouchers/0/remove/", _cells(405)),
    "en/basket/saved/": Entry("/en/basket/saved/", _cells(302)),
    "en/checkout/": Entry("/en/checkout/", _cells(302)),
    "en/checkout/shipping-address/": Entry("/en/checkout/shipping-address/", _cells(302)),
    "en/checkout/user-address/edit/<int:pk>/": Entry(
        "/en/checkout/user-address/edit/{address}/", _cells(404, anon=302, cust_a=200)
    ),
    "en/checkout/user-address/delete/<int:pk>/": Entry(
        "/en/checkout/user-address/delete/{address}/", _cells(404, anon=302, cust_a=200)
    ),
    "en/checkout/shipping-method/": Entry("/en/checkout/shipping-method/", _cells(302)),
    "en/checkout/payment-method/": Entry("/en/checkout/payment-method/", _cells(302)),
    "en/checkout/payment-details/": Entry("/en/checkout/payment-details/", _cells(302)),
    "en/checkout/preview/": Entry("/en/checkout/preview/", _cells(302)),
    # cust_a's payment page (above) has just shown them their order.
    "en/checkout/thank-you/": Entry("/en/checkout/thank-you/", _cells(302, cust_a=200)),
    "en/accounts/login/": Entry("/en/accounts/login/", _cells(302, anon=200)),
    "en/accounts/logout/": Entry("/en/accounts/logout/", _cells(302), signs_out=True),
    "en/accounts/register/": Entry("/en/accounts/register/", _cells(302, anon=200)),
    "en/accounts/": Entry("/en/accounts/", _cells(302, anon=LOGIN)),
    "en/accounts/change-password/": Entry("/en/accounts/change-password/", ACCOUNT),
    "en/accounts/profile/": Entry("/en/accounts/profile/", ACCOUNT),
    "en/accounts/profile/edit/": Entry("/en/accounts/profile/edit/", ACCOUNT),
    "en/accounts/profile/delete/": Entry("/en/accounts/profile/delete/", ACCOUNT),
    "en/accounts/orders/": Entry("/en/accounts/orders/", ACCOUNT),
    r"en/accounts/^order-status-form/(?P<order_number>[\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": Entry(
        "/en/accounts/order-status-form/{order}/not-the-hash/", PUBLIC
    ),
    r"en/accounts/^order-status/(?P<order_number>[\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": Entry(
        "/en/accounts/order-status/{order}/not-the-hash/", _cells(302)
    ),
    "en/accounts/orders/<str:order_number>/": Entry("/en/accounts/orders/{order}/", OWNER_A),
    "en/accounts/orders/<str:order_number>/<int:line_id>/(oscar)": Entry(
        "/en/accounts/orders/{order}/{line}/", OWNER_A
    ),
    "en/accounts/addresses/": Entry("/en/accounts/addresses/", ACCOUNT),
    # Oscar's own copy of a guarded route; the request reaches ours, which comes first.
    r"en/accounts/^addresses/(?P<pk>\d+)/(?P<action>default_for_(billing|shipping))/$": Entry(
        "/en/accounts/addresses/{address}/default_for_billing/", POST_FIRST
    ),
    "en/accounts/addresses/add/": Entry("/en/accounts/addresses/add/", ACCOUNT),
    "en/accounts/addresses/<int:pk>/": Entry("/en/accounts/addresses/{address}/", OWNER_A),
    "en/accounts/addresses/<int:pk>/delete/": Entry(
        "/en/accounts/addresses/{address}/delete/", OWNER_A
    ),
    "en/accounts/emails/": Entry("/en/accounts/emails/", ACCOUNT),
    "en/accounts/emails/<int:email_id>/": Entry("/en/accounts/emails/0/", _cells(404, anon=LOGIN)),
    "en/accounts/notifications/": Entry("/en/accounts/notifications/", _cells(302)),
    "en/accounts/notifications/inbox/": Entry("/en/accounts/notifications/inbox/", ACCOUNT),
    "en/accounts/notifications/archive/": Entry("/en/accounts/notifications/archive/", ACCOUNT),
    "en/accounts/notifications/update/": Entry(
        "/en/accounts/notifications/update/", _cells(405, anon=LOGIN)
    ),
    "en/accounts/notifications/<int:pk>/": Entry(
        "/en/accounts/notifications/0/", _cells(404, anon=LOGIN)
    ),
    "en/accounts/alerts/": Entry("/en/accounts/alerts/", ACCOUNT),
    "en/accounts/alerts/create/<int:pk>/": Entry(
        "/en/accounts/alerts/create/{product}/", _cells(302)
    ),
    "en/accounts/alerts/confirm/<str:key>/": Entry(
        "/en/accounts/alerts/confirm/not-a-key/", _cells(404)
    ),
    "en/accounts/wishlists/": Entry("/en/accounts/wishlists/", ACCOUNT),
    "en/accounts/wishlists/create/": Entry("/en/accounts/wishlists/create/", ACCOUNT),
    "en/accounts/wishlists/create/with-product/<int:product_pk>/": Entry(
        "/en/accounts/wishlists/create/with-product/{product}/", ACCOUNT
    ),
    "en/accounts/wishlists/<str:key>/": Entry(
        "/en/accounts/wishlists/{wishlist}/", _cells(404, cust_a=200)
    ),
    "en/accounts/wishlists/<str:key>/update/": Entry(
        "/en/accounts/wishlists/{wishlist}/update/", OWNER_A
    ),
    "en/accounts/wishlists/<str:key>/delete/": Entry(
        "/en/accounts/wishlists/{wishlist}/delete/", OWNER_A
    ),
    "en/accounts/wishlists/<str:key>/lines/<int:line_pk>/delete/": Entry(
        "/en/accounts/wishlists/{wishlist}/lines/{wishlist_line}/delete/", OWNER_A
    ),
    "en/accounts/wishlists/<str:key>/products/<int:product_pk>/delete/": Entry(
        "/en/accounts/wishlists/{wishlist}/products/{product}/delete/", OWNER_A
    ),
    "en/accounts/wishlists/<str:key>/lines/<int:line_pk>/move-to/<str:to_key>/": Entry(
        "/en/accounts/wishlists/{wishlist}/lines/{wishlist_line}/move-to/{wishlist}/",
        _cells(404, anon=LOGIN, cust_a=302),
    ),
    "en/search/": Entry("/en/search/", PUBLIC),
    "en/offers/": Entry("/en/offers/", PUBLIC),
    r"en/offers/^(?P<slug>[\w-]+)/$": Entry("/en/offers/none/", _cells(404)),
    # A private wish list (the default): its owner only.
    "en/wishlists/<str:key>/": Entry("/en/wishlists/{wishlist}/", _cells(403, cust_a=200)),
    "en/password-reset/": Entry("/en/password-reset/", SIGNED_OUT),
    "en/password-reset/done/": Entry("/en/password-reset/done/", SIGNED_OUT),
    "en/password-reset/confirm/<str:uidb64>/<str:token>/": Entry(
        "/en/password-reset/confirm/MQ/not-a-token/", SIGNED_OUT
    ),
    "en/password-reset/complete/": Entry("/en/password-reset/complete/", SIGNED_OUT),
}

#: Served only when DEBUG is on (uploaded files, by Django's static view).
OPTIONAL = {"^media/(?P<path>.*)$": Entry("/media/none.png", _cells(404))}
#: Namespaces whose every page is for staff only (their entries are made from the routes).
STAFF_NAMESPACES = ("admin", "dashboard")
#: Routes served twice: ours first, shadowing Oscar's; each copy has its own key.
_SHADOWED = {
    "en/catalogue/": "catalogue",
    "en/accounts/orders/<str:order_number>/<int:line_id>/": "customer",
}


def _routes() -> list[tuple[str, str]]:
    """(namespace, route) of every URL pattern, in resolution order."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                found.append((namespace, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def _sample_path(route: str) -> str:
    """A path for a staff-area route, with each argument filled with a sample value."""
    path = re.sub(r"\(\?P<\w+>[^()]*(\([^()]*\)[^()]*)*\)", "1", route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", "1", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path


def _table() -> dict[str, Entry]:
    table = dict(ACCESS)
    table.update(OPTIONAL)
    for namespace, route in _routes():
        if namespace in STAFF_NAMESPACES and route not in ACCESS:
            table[route] = Entry(
                _sample_path(route), STAFF_AREA, signs_out=route.endswith("logout/")
            )
    return table


def _route_keys() -> list[str]:
    keys = []
    for namespace, route in _routes():
        if _SHADOWED.get(route) == namespace:
            route = f"{route}(oscar)"
        keys.append(route)
    return keys


def test_every_url_pattern_has_an_entry() -> None:
    table = _table()

    missing = [route for route in _route_keys() if route not in table]
    stale = [key for key in ACCESS if key not in set(_route_keys())]

    assert missing == [], f"URL patterns without an access entry: {missing}"
    assert stale == [], f"access entries for URL patterns that no longer exist: {stale}"


@pytest.fixture
def world() -> tuple[dict[str, Client], dict[str, Any]]:
    users = {
        role: get_user_model().objects.create_user(
            username=role, email=f"{role}@example.com", password="Tailor-made-2026"
        )
        for role in SIGNED_IN
    }
    users["staff"].is_staff = users["staff"].is_superuser = True
    users["staff"].save()
    factories = {"f1": plant(), "f2": plant()}
    for role, user in users.items():
        if role.startswith("f"):
            FactoryMembership.objects.create(
                user=user, factory=factories[role[:2]], role=role.split("_")[1]
            )
    cloth = fabric(stock="80")
    order = paid_order(user=users["cust_a"], fabric=cloth)
    product = garment_product()
    country_cn()
    address = apps.get_model("address", "UserAddress").objects.create(
        user=users["cust_a"],
        first_name="Li",
        last_name="Wei",
        line1="1 Road",
        line4="Hanzhong",
        postcode="723000",
        country_id="CN",
    )
    wishlist = apps.get_model("wishlists", "WishList").objects.create(owner=users["cust_a"])
    wishlist_line = wishlist.lines.create(product=product, title=product.title)
    alert = apps.get_model("customer", "ProductAlert").objects.create(
        user=users["cust_a"], product=product, status="Active"
    )
    profile = MeasurementProfile.objects.create(
        owner=users["cust_a"], name="Me", sex="male", values={"height": "178"}
    )
    work_order = released_work_order(factory=factories["f1"], garments=1)
    cut_plan_apply(work_order_id=work_order.pk)
    shipment = Shipment.objects.create(
        factory=factories["f1"],
        order=work_order.units.get().order_line.order,
        carrier="sf",
        tracking_number="SF000111222",
    )
    objects = {
        "work_order": work_order.pk,
        "wo_unit": work_order.units.get().code,
        "shipment": shipment.pk,
        "order": order.number,
        "line": order.lines.get().pk,
        "unit": order.lines.get().production_units.get().code,
        "payment": order.checkout_payment.payment_intent_id,
        "fabric": cloth.pk,
        "factory1": factories["f1"].pk,
        "product": product.pk,
        "product_path": f"{product.slug}_{product.pk}",
        "profile": profile.pk,
        "address": address.pk,
        "wishlist": wishlist.key,
        "wishlist_line": wishlist_line.pk,
        "alert": alert.pk,
        "alert_key": alert.key or "no-key",
    }
    clients = {"anon": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    # Customer A has just paid (the payment page does this before sending to thank-you),
    # so that each part of the matrix sees the same session, whichever routes it checks.
    session = clients["cust_a"].session
    session["checkout_order_id"] = order.pk
    session.save()
    objects["_users"] = users
    return clients, objects


def _matches(expected: Any, response: Any) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response["Location"]
    if expected == DENIED:
        to_login = response.status_code == 302 and "login" in response["Location"]
        return to_login or response.status_code == 403
    if expected == SERVED:
        denied = response.status_code == 302 and "login" in response.get("Location", "")
        return response.status_code < 500 and response.status_code != 403 and not denied
    return bool(response.status_code == expected)


def _shown(response: Any) -> str:
    if response.status_code == 302 and "login" in response["Location"]:
        return "login"
    return str(response.status_code)


#: The matrix is checked in this many parts, each with a world of its own, so that a run
#: spread over several processes (pytest-xdist) checks them side by side.
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS), ids=lambda part: f"part{part + 1}of{PARTS}")
def test_access_matrix(world, part: int, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    clients, objects = world
    table = _table()
    keys = _route_keys()[part::PARTS]
    rows: list[tuple[str, list[str]]] = []
    wrong: list[str] = []
    for route in keys:
        entry = table[route]
        path = entry.path.format(**objects)
        for role in ROLES:
            response = clients[role].get(path)
            if entry.signs_out and role != "anon":
                clients[role].force_login(objects["_users"][role])
            expected = entry.expect[role]
            cell = _shown(response)
            if not _matches(expected, response):
                wrong.append(f"{route} as {role}: {cell}, expected {expected} ({path})")
                cell += "!"
            if not rows or rows[-1][0] != route:
                rows.append((route, []))
            rows[-1][1].append(cell)
    own = [
        row
        for row in rows
        if not row[0].startswith(("admin/", "en/dashboard/"))
        or row[0].startswith(
            (
                "en/dashboard/garments",
                "en/dashboard/factories",
                "en/dashboard/planning",
                "en/dashboard/patterns",
                "en/dashboard/operations",
            )
        )
    ]
    header = f"{'route':<72}" + "".join(f"{role:>12}" for role in ROLES)
    lines = [header] + [
        f"{route[:72]:<72}" + "".join(f"{c:>12}" for c in cells) for route, cells in own
    ]
    staff_area = [row for row in rows if row not in own]
    lines.append(
        f"... and {len(staff_area)} routes of Django's admin and Oscar's dashboard, "
        f"each refused to every role but staff"
    )
    measured_report(request, f"access matrix, part {part + 1} of {PARTS}\n" + "\n".join(lines))

    assert wrong == []
    assert [route for route, _ in rows] == keys


#: Each API route as two factories' tokens use it: the method, the path and body (with
#: factory 1's objects), and the status for factory 2's token (sent first: it must change
#: nothing) and for factory 1's. Another factory's object is a 404; a list answers 200
#: and holds none of factory 1's rows.
API_TOKEN_ACCESS: dict[str, tuple[str, str, dict[str, Any], int, int]] = {
    "api/v1/work-orders/": ("get", "/api/v1/work-orders/", {}, 200, 200),
    "api/v1/work-orders/<int:pk>/": ("get", "/api/v1/work-orders/{work_order}/", {}, 404, 200),
    "api/v1/work-orders/<int:pk>/tickets.pdf": (
        "get",
        "/api/v1/work-orders/{work_order}/tickets.pdf",
        {},
        404,
        200,
    ),
    "api/v1/work-orders/<int:pk>/marker.svg": (
        "get",
        "/api/v1/work-orders/{work_order}/marker.svg",
        {},
        404,
        200,
    ),
    "api/v1/work-orders/<int:pk>/marker.pdf": (
        "get",
        "/api/v1/work-orders/{work_order}/marker.pdf",
        {},
        404,
        200,
    ),
    "api/v1/work-orders/<int:pk>/units/<str:code>/pattern.svg": (
        "get",
        "/api/v1/work-orders/{work_order}/units/{released}/pattern.svg",
        {},
        404,
        200,
    ),
    "api/v1/work-orders/<int:pk>/units/<str:code>/pattern.pdf": (
        "get",
        "/api/v1/work-orders/{work_order}/units/{released}/pattern.pdf",
        {},
        404,
        200,
    ),
    "api/v1/work-orders/<int:pk>/units/<str:code>/pattern.dxf": (
        "get",
        "/api/v1/work-orders/{work_order}/units/{released}/pattern.dxf",
        {},
        404,
        200,
    ),
    "api/v1/work-orders/<int:pk>/accept/": (
        "post",
        "/api/v1/work-orders/{work_order}/accept/",
        {},
        404,
        200,
    ),
    "api/v1/stage-events/": (
        "post",
        "/api/v1/stage-events/",
        {"unit_code": "{released}", "stage": "cutting", "client_event_id": "{event_id}"},
        404,
        200,
    ),
    "api/v1/qc-results/": (
        "post",
        "/api/v1/qc-results/",
        {"unit_code": "{at_qc}", "passed": True, "client_event_id": "{event_id}"},
        404,
        200,
    ),
    "api/v1/shipments/": (
        "post",
        "/api/v1/shipments/",
        {"unit_codes": ["{packed}"], "carrier": "sf", "tracking_number": "SF-77001"},
        404,
        201,
    ),
    "api/v1/shipments/<int:pk>/delivered/": (
        "post",
        "/api/v1/shipments/{shipment}/delivered/",
        {},
        404,
        200,
    ),
}


def _filled(value: Any, objects: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**objects)
    if isinstance(value, list):
        return [_filled(item, objects) for item in value]
    if isinstance(value, dict):
        return {key: _filled(item, objects) for key, item in value.items()}
    return value


def _send(side: Any, method: str, path: str, data: dict[str, Any]) -> Any:
    return side.get(path) if method == "get" else side.post(path, data)


def test_api_with_factory_tokens() -> None:
    from tests.factory.floor.api.builders import advanced, factory_side, released_work_order

    cloth = fabric(stock="80")
    first = factory_side(code="F1-API", cloth=cloth)
    second = factory_side(code="F2-API", cloth=cloth)
    order = released_work_order(factory=first.factory, cloth=cloth, garments=4)
    released, at_qc, packed, shipped = order.units.order_by("pk")
    advanced(first, at_qc, "qc")
    advanced(first, packed, "packed")
    advanced(first, shipped, "shipped")
    cut_plan_apply(work_order_id=order.pk)
    objects = {
        "work_order": order.pk,
        "released": released.code,
        "at_qc": at_qc.code,
        "packed": packed.code,
        "shipment": shipped.shipments.get().pk,
    }
    api_routes = [route for route in _route_keys() if route.startswith("api/v1/")]

    wrong = []
    for n, route in enumerate(api_routes):
        method, path, body, other, own = API_TOKEN_ACCESS[route]
        path = path.format(**objects)
        data = _filled(body, {**objects, "event_id": f"matrix-{n}"})
        theirs = _send(second, method, path, data)
        if theirs.status_code == 200 and "results" in theirs.json():
            codes = {row.get("code") for row in theirs.json()["results"]}
            if order.code in codes:
                wrong.append(f"{route}: factory 2 sees factory 1's work order")
        mine = _send(first, method, path, data)
        if (theirs.status_code, mine.status_code) != (other, own):
            wrong.append(
                f"{route}: {theirs.status_code}/{mine.status_code}, expected {other}/{own}"
            )

    assert sorted(api_routes) == sorted(API_TOKEN_ACCESS)
    assert wrong == []
