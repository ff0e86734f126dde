"""The database brought up to date for ``make run``: ``python -m config.database``.

A database that has no tables yet (a fresh clone's first run) is built from the
models and every migration is then recorded as applied, as the test database is
built. Replaying the migrations one by one took 28 s on SQLite, nearly all of it
Django re-rendering the model states of about 200 migrations (Oscar's and ours),
against about 1 s this way. The two schemas are the same table for table,
column for column, key for key and index for index (``tests/config/
test_database.py`` compares them), except that the replay also leaves an index
Oscar's models no longer declare (on ``communication_notification.date_sent``)
and the empty group "All Oscar Dashboard Permissions" one of Oscar's data
migrations creates, which nothing here uses. No data migration has anything to
do on an empty database. Any later run, and any database that has tables,
goes through ``migrate`` as usual.
"""

from __future__ import annotations

import os
from typing import Any

import django
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings


class _NoMigrations(dict[str, Any]):
    """``MIGRATION_MODULES`` for which no app has migrations (tables come from models)."""

    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def database_prepare() -> str:
    """Build an empty database from the models, or migrate one that has tables; returns
    which of the two it did ("built" or "migrated")."""
    if connection.introspection.table_names():
        call_command("migrate", interactive=False)
        return "migrated"
    with override_settings(MIGRATION_MODULES=_NoMigrations()):
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
    call_command("migrate", fake=True, interactive=False, verbosity=0)
    print("Built the new database from the models; every migration recorded as applied.")
    return "built"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    django.setup()
    database_prepare()
