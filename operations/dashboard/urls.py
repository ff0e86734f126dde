from django.urls import path

from operations.dashboard import views

app_name = "operations-dashboard"

urlpatterns = [
    path("", views.throughput_page, name="throughput"),
]
