"""Staff pages for the garment catalogue, inside Oscar's dashboard."""

from django.urls import path

from shop.dashboard import views

app_name = "garment-dashboard"

urlpatterns = [
    path("fabrics/", views.FabricListView.as_view(), name="fabric-list"),
    path("fabrics/create/", views.FabricCreateView.as_view(), name="fabric-create"),
    path("fabrics/<int:pk>/", views.FabricUpdateView.as_view(), name="fabric-update"),
    path(
        "fabrics/<int:pk>/deactivate/",
        views.FabricDeactivateView.as_view(),
        name="fabric-deactivate",
    ),
    path("options/", views.GarmentOptionListView.as_view(), name="option-list"),
    path("options/create/", views.GarmentOptionEditView.as_view(), name="option-create"),
    path("options/<int:pk>/", views.GarmentOptionEditView.as_view(), name="option-update"),
    path(
        "options/<int:option_pk>/choices/<int:pk>/delete/",
        views.OptionChoiceDeleteView.as_view(),
        name="option-choice-delete",
    ),
]
