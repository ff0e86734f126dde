from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.health import health_check, health_is_vital


@never_cache
@require_safe
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """Each part's state as JSON: 200 when the platform can serve, 503 when it cannot.

    GET and HEAD (orchestrators use either); outside any request transaction, so a
    database that is down is reported instead of failing the request before the view;
    exempt from the HTTPS redirect (``SECURE_REDIRECT_EXEMPT``) for probes on plain HTTP.
    """
    status = health_check()
    return JsonResponse(status, status=200 if health_is_vital(status) else 503)


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """``/favicon.ico``, which browsers ask for on a page naming no icon (a PDF or SVG
    opened in the browser): Oscar's icon, which every page of ours names."""
    return HttpResponseRedirect(static("oscar/favicon.ico"))
