"""Storefront pages of our own; they come before Oscar's in config/urls.py, so the
product page (``catalogue/<slug>_<pk>/``) is the garment configurator (Oscar's for a product
that is not a garment) and the catalogue list is Oscar's with its products loaded in bulk."""

from django.urls import path

from shop.views import catalogue, configurator, drawings, home, profiles

app_name = "shop"

urlpatterns = [
    path("", home.home, name="home"),
    path("catalogue/", catalogue.catalogue_list, name="catalogue-list"),
    path(
        "catalogue/<str:product_slug>_<int:pk>/",
        configurator.garment_configure,
        name="garment-configure",
    ),
    path("garments/<int:pk>/preview/", configurator.garment_preview, name="garment-preview"),
    path("garments/<int:pk>/drawing.svg", drawings.style_drawing_svg, name="garment-drawing"),
    path("accounts/measurements/", profiles.profile_list, name="profile-list"),
    path("accounts/measurements/new/", profiles.profile_create, name="profile-create"),
    path("accounts/measurements/estimate/", profiles.profile_estimate, name="profile-estimate"),
    path("accounts/measurements/<int:pk>/", profiles.profile_edit, name="profile-edit"),
    path("accounts/measurements/<int:pk>/delete/", profiles.profile_delete, name="profile-delete"),
]
