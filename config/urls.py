from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.oscar_guards import oscar_guard_urlpatterns
from config.views import favicon, healthz
from factory.floor.api.urls import api_urlpatterns, token_urlpatterns
from factory.floor.views import after_login
from shop.payments.urls import webhook_urlpatterns

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include((webhook_urlpatterns, "payments-webhook"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include((api_urlpatterns, "floor_api"))),
]

urlpatterns += i18n_patterns(
    # In the language of the sign-in page, so that a customer lands on the home page in
    # the language they were reading.
    path("after-login/", after_login, name="after-login"),
    path("dashboard/garments/", include("shop.dashboard.urls")),
    path("dashboard/factories/", include("factory.dashboard.urls")),
    path("dashboard/planning/", include("scheduling.dashboard.urls")),
    path("dashboard/patterns/", include("orders.dashboard.urls")),
    path("dashboard/operations/", include("operations.dashboard.urls")),
    path("", include((token_urlpatterns, "floor_api_pages"))),
    path("factory/", include("factory.floor.urls")),
    path("", include("shop.payments.urls")),
    path("", include("shop.urls")),
    path("", include((oscar_guard_urlpatterns(), "oscar-guards"))),
    path("", include(apps.get_app_config("oscar").urls[0])),
)

# Refused and missing pages in the storefront's layout and the reader's language (a 500
# stays Django's plain page: it must render when the database is what failed).
handler403 = "oscar.views.handler403"
handler404 = "oscar.views.handler404"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
