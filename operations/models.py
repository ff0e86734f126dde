"""The operations app keeps no tables of its own: it reads the unit events and their
per-day counts (``orders.UnitEventDay``, kept by the services that write the events)."""
