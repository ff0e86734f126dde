"""The home page: how a made-to-measure garment is bought, in four steps, with the promised
delivery window and the fit promise, and the garment styles to start from."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shop.selectors import garment_styles_for_home


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "shop/home.html", {"styles": garment_styles_for_home()})
