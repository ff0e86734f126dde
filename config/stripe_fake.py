"""localstripe (the fake Stripe server) for ``make run``, listening on 127.0.0.1 only.

localstripe's own command listens on every interface (``::``), which would let anyone
on the network read and write the development payments; this starts the same server
on the loopback address. Usage: ``python -m config.stripe_fake --port 8420``.
"""

from __future__ import annotations

import argparse
import logging

from aiohttp import web
from localstripe.resources import store
from localstripe.server import app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    store.try_load_from_disk()
    logger = logging.getLogger("aiohttp.access")
    logger.setLevel(logging.INFO)
    logger.addHandler(logging.StreamHandler())
    web.run_app(app, host=args.host, port=args.port, access_log=logger)


if __name__ == "__main__":
    main()
