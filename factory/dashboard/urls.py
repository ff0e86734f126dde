"""Staff pages for factories and standard minutes, inside Oscar's dashboard."""

from django.urls import path

from factory.dashboard import views

app_name = "factory-dashboard"

urlpatterns = [
    path("", views.FactoryListView.as_view(), name="factory-list"),
    path("create/", views.FactoryEditView.as_view(), name="factory-create"),
    path("<int:pk>/", views.FactoryEditView.as_view(), name="factory-update"),
    path("standard-minutes/", views.StandardMinutesView.as_view(), name="standard-minutes"),
]
