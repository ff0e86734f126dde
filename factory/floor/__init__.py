"""The factory's side of the platform (portal, tickets, scans, QC, shipping, API): the top
layer, above planning (see the import-linter contracts in pyproject.toml)."""
