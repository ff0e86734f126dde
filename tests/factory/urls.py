"""The project's URLs, with the factory pages mounted where config/urls.py will mount
them (until it does)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import NoReverseMatch, include, path, reverse

from config import urls as project_urls

try:
    reverse("factory-dashboard:factory-list", urlconf="config.urls")
except NoReverseMatch:
    urlpatterns = [
        *i18n_patterns(path("dashboard/factories/", include("factory.dashboard.urls"))),
        *project_urls.urlpatterns,
    ]
else:
    urlpatterns = project_urls.urlpatterns
