"""Garment drawings served as images: each style in its default fabric, for the catalogue
listing, the home page and mail. Cached in the server's cache and by the browser."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from shop.configurator import style_drawing
from shop.selectors import style_catalogue_get

BROWSER_CACHE_SECONDS = 3600


@require_safe
def style_drawing_svg(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = style_catalogue_get(product_id=pk)
    if catalogue is None or not catalogue.fabrics:
        raise Http404(_("No such garment."))
    drawing = style_drawing(
        garment_type=catalogue.garment_type.value,
        title=str(catalogue.product.get_title()),  # type: ignore[attr-defined]
        fabric=catalogue.fabrics[0],
        options=catalogue.options,
    )
    etag = f'"{drawing.digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(drawing.svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=BROWSER_CACHE_SECONDS)
    return response
