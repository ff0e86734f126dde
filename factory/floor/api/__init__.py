"""The factory's REST API (``/api/v1/``): its own systems read work orders and post stage
events, QC results and shipments with a token per factory. Thin views over the floor's
services; tenancy, idempotency and the state machine live there."""
