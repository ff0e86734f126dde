"""Settings read from the environment.

With nothing set the platform runs on embedded defaults: a SQLite file, Celery
tasks executed eagerly in-process, and Stripe pointed at a localstripe server on
127.0.0.1:8420. Every default can be overridden through environment variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's settings, overridden below)

from factory.dashboard.navigation import FACTORY_DASHBOARD_NAVIGATION
from operations.dashboard.navigation import OPERATIONS_DASHBOARD_NAVIGATION
from orders.dashboard.navigation import PATTERN_DASHBOARD_NAVIGATION
from scheduling.dashboard.navigation import PLANNING_DASHBOARD_NAVIGATION
from shop.dashboard.navigation import GARMENT_DASHBOARD_NAVIGATION

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    # Oscar: the storefront and the staff dashboard.
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "shop.forks.checkout.apps.CheckoutConfig",  # forked for Stripe card payment
    "oscar.apps.address.apps.AddressConfig",
    "shop.forks.shipping.apps.ShippingConfig",  # forked for standard and express delivery
    "oscar.apps.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "shop.forks.partner.apps.PartnerConfig",  # forked for the garment pricing strategy
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "shop.forks.dashboard.apps.DashboardConfig",  # forked for its order pages (orders)
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "shop.forks.dashboard.orders.apps.OrdersDashboardConfig",  # statuses in the reader's language
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files
    "axes",
    # The platform's own apps (labels of their own, never Oscar's).
    "shop.apps.ShopConfig",
    "orders.apps.OrdersConfig",
    "factory.apps.FactoryConfig",
    "factory.floor.apps.FloorConfig",
    "scheduling.apps.SchedulingConfig",
    "operations.apps.OperationsConfig",
    "factory.floor.api.apps.FloorApiConfig",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "config.content_policy.ContentPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Oscar's, applying offers only when the shop has any (shop/offers.py).
    "shop.offers.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "config.throttling.ThrottleMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's loaders, cached, with the CSP nonce on every <script> tag and Oscar's
            # plain-text labels translated (config/template_loaders.py).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "config.template_loaders.FilesystemLoader",
                        "config.template_loaders.AppDirectoriesLoader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "shop.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = (
    # First: refuses every sign-in (storefront, dashboard, /admin/) while locked out.
    "config.throttling.SignInLockoutBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)

# --- Database ---------------------------------------------------------------

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Oscar ------------------------------------------------------------------

OSCAR_SHOP_NAME = "C2M Tailor"
OSCAR_SHOP_TAGLINE = _("Made to measure, made by the factory")
OSCAR_DEFAULT_CURRENCY = "CNY"
OSCAR_CURRENCY_FORMAT = {"CNY": {"format": "¥#,##0.00"}}
OSCAR_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="orders@c2m.example")
# Whoosh: a pure-Python search index on disk, kept current as products are saved, with
# a tokenizer that finds Chinese words (shop/search.py).
# (Haystack's simple backend cannot apply the filters Oscar's catalogue uses.)
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "shop.search.CjkWhooshEngine",
        "PATH": env.str("SEARCH_INDEX_PATH", default=str(VAR_DIR / "search_index")),
    }
}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.RealtimeSignalProcessor"
# Whoosh does not facet; the catalogue is small enough to browse by category.
OSCAR_SEARCH_FACETS = {"fields": {}, "queries": {}}
OSCAR_DASHBOARD_NAVIGATION = (
    OSCAR_DASHBOARD_NAVIGATION  # noqa: F405
    + GARMENT_DASHBOARD_NAVIGATION
    + FACTORY_DASHBOARD_NAVIGATION
    + PLANNING_DASHBOARD_NAVIGATION
    + PATTERN_DASHBOARD_NAVIGATION
    + OPERATIONS_DASHBOARD_NAVIGATION
)
THUMBNAIL_DEBUG = False

# --- Email ------------------------------------------------------------------

# Every mail goes through the outbox's backend: inside a transaction (a request) it is
# kept in the outbox and sent after the commit (orders/mail.py). The backend that really
# delivers is EMAIL_DELIVERY_BACKEND, chosen with the EMAIL_BACKEND variable.
EMAIL_BACKEND = "orders.mail.OutboxEmailBackend"
EMAIL_DELIVERY_BACKEND = env.str("EMAIL_BACKEND", default="config.mail_console.EmailBackend")
DEFAULT_FROM_EMAIL = OSCAR_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
# Without REDIS_URL tasks run eagerly in-process; with it they go through Redis
# to workers. Either way they are enqueued only after the transaction commits
# (``delay_on_commit``), so a rolled-back transaction never leaves a task behind.

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="c2m")
# A queue per kind of work (routing, planning, notifications, payments) under the default
# queue's name: config/queues.py. `make worker` consumes them all.
CELERY_TASK_ROUTES = ["config.queues.route_task"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# Longer than the hard time limit, so a running task is never handed to a
# second worker while the first still works on it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Side effects after a commit go through the outbox (``orders.outbox``): a message not
# done this many seconds after its last try is sent again by the sweeper (every minute).
OUTBOX_RESEND_AFTER = env.int("OUTBOX_RESEND_AFTER", default=120)

# --- Stripe -----------------------------------------------------------------

STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="http://127.0.0.1:8420")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="sk_test_c2m_local")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="pk_test_c2m_local")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_c2m_local")
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)

# --- REST API ---------------------------------------------------------------

# The factory API (factory/floor/api): a token per factory, requests counted per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factory.floor.api.authentication.FactoryTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["factory.floor.api.authentication.FactoryTokenRequired"],
    "DEFAULT_THROTTLE_CLASSES": ["factory.floor.api.throttling.FactoryTokenThrottle"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JSON only: the docs page (/api/docs/) is where people try the API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factory.floor.api.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("C2M Tailor factory API"),
    "DESCRIPTION": _(
        "For a factory's own systems: read the released work orders and their garments, "
        "download the garment tickets, and post stage scans, QC results, shipments and "
        "deliveries. Send your factory's token (issued by a factory manager on the "
        "portal's API token page) as `Authorization: Bearer <token>`. Messages follow "
        "`Accept-Language` (`en` or `zh-hans`); this page in Chinese: `?lang=zh-hans`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitStateEnum": "orders.states.UnitState",
        "WorkOrderStateEnum": "factory.floor.api.serializers.WORK_ORDER_STATES",
    },
}

# A factory's people land on their portal, everyone else on the home page in the
# language they were reading (factory.floor.views.after_login).
LOGIN_REDIRECT_URL = reverse_lazy("after-login")
# Resolved per request, so that a page read in Chinese sends a visitor to the Chinese
# sign-in page (a plain path would be redirected by the visitor's browser language).
LOGIN_URL = reverse_lazy("customer:login")

# --- Sign-in, passwords, throttling -------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, every sign-in form refuses it (right password included) for the cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.throttling.client_ip"
AXES_VERBOSE = False
# Proxies in front of the web server that append to X-Forwarded-For (a TLS
# terminator: 1). With 0 the socket's address is the client, whatever headers say.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Requests per client for the throttled forms (config/throttling.py); "N/Xm" or "N/h".
THROTTLE_RATES = {
    "sign-in": env.str("THROTTLE_SIGN_IN", default="30/10m"),
    "registration": env.str("THROTTLE_REGISTRATION", default="10/h"),
    "password-reset": env.str("THROTTLE_PASSWORD_RESET", default="10/h"),
    "password-reset-account": env.str("THROTTLE_PASSWORD_RESET_ACCOUNT", default="3/h"),
    "card-confirmation": env.str("THROTTLE_CARD_CONFIRMATION", default="10/10m"),
    # Per factory API token (factory/floor/api/throttling.py): "N/m", "N/10s", "N/h".
    "factory-api": env.str("THROTTLE_FACTORY_API", default="300/m"),
}
RATELIMIT_IP_META_KEY = "config.throttling.client_ip"
RATELIMIT_USE_CACHE = "default"

# Counters shared by every web process: Redis when there is one.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "c2m",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Content-Security-Policy and Permissions-Policy ----------------------------
# Stripe's origins are added per request from STRIPE_API_BASE / STRIPE_JS_URL, and
# Oscar's fixed inline handlers by hash (config/content_policy.py); an inline
# <script> written in a template carries the request's nonce.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Only the fixed handlers Oscar's templates write, by hash (added per request).
        "script-src-attr": ["'unsafe-hashes'"],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    # The factory's scan station reads garment tickets with the phone's camera.
    "camera": ["self"],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    # Stripe.js asks for the Payment Request API in its own frames.
    "payment": ["self", "https://js.stripe.com"],
    "usb": [],
}

# --- Links in mail ------------------------------------------------------------
# Where the platform is reached; links in mail (password reset, Oscar's notices) are
# built from these, never from the request. The Site row follows them at each migrate.
SITE_DOMAIN = env.str("SITE_DOMAIN", default="127.0.0.1:8000")
SITE_SCHEME = env.str("SITE_SCHEME", default="http")
OSCAR_URL_SCHEMA = SITE_SCHEME

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

CELERY_IMPORTS = ["config.tasks", "shop.payments.tasks"]

# Stripe.js: empty means "the one beside STRIPE_API_BASE" (localstripe serves a fake one);
# production sets https://js.stripe.com/v3/.
STRIPE_JS_URL = env.str("STRIPE_JS_URL", default="")
OSCAR_INITIAL_ORDER_STATUS = "Paid"
OSCAR_INITIAL_LINE_STATUS = "Paid"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Paid": ("Partly cancelled", "Cancelled"),
    "Partly cancelled": ("Cancelled",),
    "Cancelled": (),
}
# "Refunded": refunded by staff while the garment is made anyway (it stays in production).
OSCAR_LINE_STATUS_PIPELINE = {"Paid": ("Cancelled", "Refunded"), "Cancelled": (), "Refunded": ()}

# Nest each released work order's pieces on its fabric (orders.cutting) as it is released;
# off, the work order keeps the consumption estimate (the demo scenario can turn it off).
CUT_PLAN_AT_RELEASE = env.bool("CUT_PLAN_AT_RELEASE", default=True)
# Replan (debounced) whenever units are routed, besides the beat.
SCHEDULING_REPLAN_ON_ARRIVAL = env.bool("SCHEDULING_REPLAN_ON_ARRIVAL", default=True)
# Each replan searches for at most this long, and at most this many moves: a plan that
# ends on the move budget (not the clock) can be recomputed exactly (manage.py plan_replay).
SCHEDULING_TIME_LIMIT = env.float("SCHEDULING_TIME_LIMIT", default=5.0)
SCHEDULING_MAX_ITERATIONS = env.int("SCHEDULING_MAX_ITERATIONS", default=20000)
# ... and stops sooner once this many moves in a row improved no factory's plan (counted in
# moves, so a replay stops at the same move).
SCHEDULING_STALL_ITERATIONS = env.int("SCHEDULING_STALL_ITERATIONS", default=2000)
# A network with at least this many units (and two factories) is planned factory by
# factory, each part on a planning worker of its own when tasks go through the broker.
SCHEDULING_PARALLEL_MIN_UNITS = env.int("SCHEDULING_PARALLEL_MIN_UNITS", default=1500)
