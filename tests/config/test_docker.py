"""The Docker files are well formed (no Docker engine runs here to build them)."""

import os

import yaml

from tests.services import ROOT

DOCKER = ROOT / "docker"


def test_compose_file_names_the_whole_stack() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yml").read_text())

    assert set(compose["services"]) == {"postgres", "redis", "localstripe", "web", "worker", "beat"}
    for name in ("web", "worker", "beat", "localstripe"):
        entrypoint = compose["services"][name]["entrypoint"]
        assert entrypoint == [f"docker/entrypoints/{name}.sh"]
        assert os.access(ROOT / entrypoint[0], os.X_OK), f"{entrypoint[0]} is not executable"
    env = compose["services"]["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["REDIS_URL"].startswith("redis://")


def test_dockerfile_builds_in_stages_and_runs_unprivileged() -> None:
    lines = (DOCKER / "Dockerfile").read_text().splitlines()

    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) == 2
    assert any(line.startswith("COPY --from=build") for line in lines)
    assert "USER c2m" in lines


def test_web_serves_with_the_gunicorn_settings_the_serving_test_measures() -> None:
    import runpy

    web = (DOCKER / "entrypoints" / "web.sh").read_text()
    gunicorn = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))

    assert "exec gunicorn config.wsgi:application --config config/gunicorn.py" in web
    assert gunicorn["worker_class"] == "gevent"
    assert gunicorn["worker_connections"] >= 1000
