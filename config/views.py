from django.http import JsonResponse
from django.views.decorators.http import require_GET

from config.health import health_check


@require_GET
def healthz(request):  # type: ignore[no-untyped-def]
    status = health_check()
    code = 200 if status["database"] == "ok" and status["broker"] in ("ok", "in-process") else 503
    return JsonResponse(status, status=code)
