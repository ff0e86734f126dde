"""Platform-level tasks: a heartbeat that proves a worker is consuming the queue."""

from celery import shared_task

from config import health


@shared_task(name="config.heartbeat", ignore_result=True)
def heartbeat(token: str = "beat") -> None:
    """Record that a worker ran; idempotent (it only sets a key)."""
    health.heartbeat_record(token=token)
