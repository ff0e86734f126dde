from tests.stripe_server import localstripe_url  # noqa: F401  (session-scoped fixture)
