"""Plans as the database keeps them: each replan is a new version; batches and the
units in them; a run record for the progress bar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanVersion(models.Model):
    """One complete plan of the factory network, kept for comparison with later ones."""

    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    horizon_start = models.DateField()
    horizon_days = models.PositiveSmallIntegerField()
    seed = models.IntegerField()
    runtime_seconds = models.FloatField()
    kpis = models.JSONField(default=dict)
    unplanned = models.JSONField(default=list)

    class Meta:
        ordering = ("-number",)

    def __str__(self) -> str:
        return f"plan {self.number}"


class PlannedBatch(models.Model):
    plan = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="batches")
    key = models.CharField(max_length=60)
    factory = models.ForeignKey("factory.Factory", on_delete=models.PROTECT, related_name="+")
    garment_type = models.CharField(max_length=20)
    fabric = models.ForeignKey("shop.Fabric", on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField()
    #: [{work_centre, start, end, setup_minutes, work_minutes, allocations}], minutes
    #: from the plan's horizon start.
    stages = models.JSONField()
    start_minute = models.IntegerField()
    end_minute = models.IntegerField()
    setup_minutes = models.PositiveIntegerField(default=0)
    released = models.BooleanField(default=False)

    class Meta:
        ordering = ("factory", "sequence")
        constraints = [models.UniqueConstraint(fields=("plan", "key"), name="batch_key_per_plan")]

    def __str__(self) -> str:
        return self.key


class PlannedUnit(models.Model):
    plan = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="units")
    batch = models.ForeignKey(PlannedBatch, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("orders.ProductionUnit", on_delete=models.PROTECT, related_name="+")
    completion_minute = models.IntegerField()
    lateness_minutes = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=("plan", "unit"), name="unit_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.unit_id} in {self.batch_id}"


class PlanRun(models.Model):
    """A replan asked for or running, with its progress for the planning board."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped: another replan was running")
        FAILED = "failed", _("Failed")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    plan = models.ForeignKey(PlanVersion, null=True, blank=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at",)

    def __str__(self) -> str:
        return f"replan {self.pk} ({self.status})"
