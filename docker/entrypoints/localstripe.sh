#!/bin/sh
# The fake Stripe server, for a full stack without a Stripe account.
set -e
exec localstripe --port 8420
