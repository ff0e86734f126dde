"""Settings come from the environment, with embedded defaults when nothing is set."""

import json
import os
import subprocess
import sys

import pytest

from config.celery import app as celery_app
from tests.services import ROOT

OVERRIDABLE = (
    "DATABASE_URL",
    "REDIS_URL",
    "STRIPE_API_BASE",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
)

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "stripe_api_base": settings.STRIPE_API_BASE,
    "stripe_secret_key": settings.STRIPE_SECRET_KEY,
    "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
    "stripe_webhook_secret": settings.STRIPE_WEBHOOK_SECRET,
    "secret_key": settings.SECRET_KEY,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "debug": settings.DEBUG,
    "currency": settings.OSCAR_DEFAULT_CURRENCY,
    "languages": [code for code, _ in settings.LANGUAGES],
    "email_backend": settings.EMAIL_BACKEND,
    "email_delivery_backend": settings.EMAIL_DELIVERY_BACKEND,
}))
"""


def _settings_in_subprocess(module: str, **overrides: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in OVERRIDABLE}
    env.update(DJANGO_SETTINGS_MODULE=module, **overrides)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_defaults_when_nothing_is_set() -> None:
    got = _settings_in_subprocess("config.settings.base")

    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["db_name"] == str(ROOT / "var" / "db.sqlite3")
    assert got["eager"] is True
    assert got["broker"] == "memory://"
    assert got["stripe_api_base"] == "http://127.0.0.1:8420"
    assert got["debug"] is True
    assert got["currency"] == "CNY"
    assert got["languages"] == ["en", "zh-hans"]


def test_every_documented_variable_overrides_its_default() -> None:
    got = _settings_in_subprocess(
        "config.settings.base",
        DATABASE_URL="postgres://u:p@db.internal:5433/c2m",
        REDIS_URL="redis://cache.internal:6380/2",
        STRIPE_API_BASE="https://api.stripe.com",
        STRIPE_SECRET_KEY="sk_live_x",
        STRIPE_PUBLISHABLE_KEY="pk_live_x",
        STRIPE_WEBHOOK_SECRET="whsec_x",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="shop.example.com,factory.example.com",
        DEBUG="false",
    )

    assert got["engine"] == "django.db.backends.postgresql"
    assert got["db_name"] == "c2m"
    assert got["eager"] is False
    assert got["broker"] == "redis://cache.internal:6380/2"
    assert got["stripe_api_base"] == "https://api.stripe.com"
    assert got["stripe_secret_key"] == "sk_live_x"
    assert got["stripe_publishable_key"] == "pk_live_x"
    assert got["stripe_webhook_secret"] == "whsec_x"
    assert got["secret_key"] == "s" * 60
    assert got["allowed_hosts"] == ["shop.example.com", "factory.example.com"]
    assert got["debug"] is False


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k9$Lr2!vQ8#xW4@mZ7^tB1&nH5*pF3(eJ6)yC0-uG_aD+sK-for-the-deploy-check",
    "ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "sqlite:////tmp/c2m-deploy-check.sqlite3",
}


@pytest.mark.parametrize(
    ("module", "overrides", "delivery"),
    [
        ("config.settings.base", {}, "config.mail_console.EmailBackend"),
        (
            "config.settings.production",
            {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SETTINGS_MODULE"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
        (
            "config.settings.base",
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "django.core.mail.backends.filebased.EmailBackend",
        ),
    ],
)
def test_mail_goes_through_the_outbox_and_is_delivered_by_the_chosen_backend(
    module: str, overrides: dict[str, str], delivery: str
) -> None:
    got = _settings_in_subprocess(module, **overrides)

    assert got["email_backend"] == "orders.mail.OutboxEmailBackend"
    assert got["email_delivery_backend"] == delivery


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in OVERRIDABLE}
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_celery_is_configured_for_at_least_once_delivery() -> None:
    conf = celery_app.conf

    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.task_ignore_result is True


@pytest.mark.parametrize("entry", sorted(celery_app.conf.beat_schedule))
def test_every_beat_entry_names_a_registered_task(entry: str) -> None:
    celery_app.loader.import_default_modules()
    task_name = celery_app.conf.beat_schedule[entry]["task"]

    assert task_name in celery_app.tasks
