"""Production settings: the base settings hardened; secrets come from the environment."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Links in mail point at the public name over HTTPS (see base.py, "Links in mail").
SITE_DOMAIN = env.str("SITE_DOMAIN", default=ALLOWED_HOSTS[0])
SITE_SCHEME = env.str("SITE_SCHEME", default="https")
OSCAR_URL_SCHEMA = SITE_SCHEME

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The orchestrator probes the health check over plain HTTP, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Database connections: a pool per web process (psycopg's, ``DB_POOL_MAX`` connections)
# when ``DB_POOL_MAX`` > 0, which gevent's greenlets share and return after each
# request; otherwise each thread keeps its own connection for ``DB_CONN_MAX_AGE``
# seconds. Either way a connection is checked before reuse (``CONN_HEALTH_CHECKS``).
# The choice and its figures: README, "Serving".
_pool_max = env.int("DB_POOL_MAX", default=0)
if _pool_max > 0 and DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": env.int("DB_POOL_MIN", default=2),
        "max_size": _pool_max,
        "timeout": env.int("DB_POOL_TIMEOUT", default=10),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
