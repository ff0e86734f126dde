"""The Celery application and its beat schedule.

Configuration comes from Django settings (the ``CELERY_`` names in
``config.settings.base``). Tasks have explicit names; each app's ``tasks``
module is discovered automatically.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("c2m")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work, defined here rather than in the database so it is reviewed
# like code. Later entries are added by the apps that own the work.
app.conf.beat_schedule = {
    "payments-reconcile": {
        "task": "shop.payments.reconcile",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    "outbox-sweep": {
        "task": "orders.outbox_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "units-sweep": {
        "task": "orders.units_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "cut-plans-sweep": {
        "task": "orders.cut_plans_sweep",
        "schedule": 600.0,
        "options": {"expires": 590},
    },
    "planning-sweep": {
        "task": "scheduling.sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "release-cut-off": {
        "task": "scheduling.releases_due",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "network-replan": {
        "task": "scheduling.replan_beat",
        "schedule": 900.0,
        "options": {"expires": 890},
    },
    "platform-heartbeat": {
        "task": "config.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
