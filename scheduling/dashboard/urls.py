from django.urls import path

from scheduling.dashboard import views

app_name = "planning-dashboard"

urlpatterns = [
    path("", views.board, name="board"),
    path("replan/", views.replan_now, name="replan"),
    path("runs/<int:run_id>/", views.run_status, name="run-status"),
]
