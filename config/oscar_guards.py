"""Oscar's storefront views, guarded where Oscar leaves a door open.

POST only for the links that change state:

Oscar serves "set as default address", "cancel this stock alert" and "add to wish
list" on GET, so a link or an image on another site could make a signed-in customer
change them. The same paths are mounted here, before Oscar's, around Oscar's own
views (each of them does the same on POST) and refuse GET with 405. The links in
Oscar's templates are sent as POST forms with the CSRF token by
``shop/static/shop/post_links.js``.

A garment style is bought configured: Oscar's "add to basket" of a garment product (a
form posted from anywhere) sends the customer to its configurator instead, with the
reason; nothing goes into the basket.

Reviews only from a customer who has had a garment of the style delivered: Oscar lets
anyone write one about a garment not yet made. Others are sent back to the garment's
page with the reason, and nothing is written.

A 404 for a line that is not in the customer's order: Oscar's order-line view lets
the missing line escape as a server error.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orders.selectors import products_delivered_to


def _missing_is_404(view):  # type: ignore[no-untyped-def]
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("No such order line.") from None

    return guarded


def _delivered_only(view):  # type: ignore[no-untyped-def]
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        product_pk = int(str(kwargs.get("product_pk")))
        if product_pk not in products_delivered_to(user=request.user):
            product = apps.get_model("catalogue", "Product").objects.filter(pk=product_pk).first()
            if product is None:
                raise Http404("No such product.")
            messages.info(request, _("You can review a garment once it has been delivered to you."))
            return redirect(product.get_absolute_url())
        return view(request, *args, **kwargs)

    return guarded


def _garments_configured_first(view):  # type: ignore[no-untyped-def]
    def guarded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        product = (
            apps.get_model("catalogue", "Product")
            .objects.filter(pk=kwargs.get("pk"), product_class__garment_style__isnull=False)
            .first()
        )
        if product is not None:
            messages.info(request, _("Configure this garment (fabric and measurements) to buy it."))
            return redirect(product.get_absolute_url())
        return view(request, *args, **kwargs)

    return guarded


def oscar_guard_urlpatterns() -> list:  # type: ignore[type-arg]
    customer = apps.get_app_config("customer")
    reviews = apps.get_app_config("reviews")
    review_add = login_required(_delivered_only(reviews.create_view.as_view()))
    address_status = require_POST(login_required(customer.address_change_status_view.as_view()))
    alert_cancel = require_POST(customer.alert_cancel_view.as_view())
    wishlist_add = require_POST(login_required(customer.wishlists_add_product_view.as_view()))
    order_line = login_required(_missing_is_404(customer.order_line_view.as_view()))
    basket_add = _garments_configured_first(apps.get_app_config("basket").add_view.as_view())
    return [
        path("basket/add/<int:pk>/", basket_add, name="basket-add"),
        re_path(
            r"^catalogue/(?P<product_slug>[\w-]*)_(?P<product_pk>\d+)/reviews/add/$",
            review_add,
            name="reviews-add",
        ),
        path("accounts/orders/<str:order_number>/<int:line_id>/", order_line, name="order-line"),
        re_path(
            r"^accounts/addresses/(?P<pk>\d+)/(?P<action>default_for_(billing|shipping))/$",
            address_status,
            name="address-change-status",
        ),
        path("accounts/alerts/cancel/key/<str:key>/", alert_cancel, name="alerts-cancel-by-key"),
        path(
            "accounts/alerts/cancel/<int:pk>/",
            login_required(alert_cancel),
            name="alerts-cancel-by-pk",
        ),
        path(
            "accounts/wishlists/add/<int:product_pk>/",
            wishlist_add,
            name="wishlists-add-product",
        ),
        path(
            "accounts/wishlists/<str:key>/add/<int:product_pk>/",
            wishlist_add,
            name="wishlists-add-product",
        ),
    ]
