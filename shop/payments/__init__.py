"""Payments through Stripe (localstripe in development and tests)."""
