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
    #: The search budget the engine was given and the iterations it ran: with the
    #: stored ``problem`` and the seed, ``manage.py plan_replay`` recomputes the plan.
    max_iterations = models.PositiveIntegerField(null=True, blank=True)
    iterations = models.PositiveIntegerField(default=0)
    problem = models.JSONField(default=dict)
    runtime_seconds = models.FloatField()
    kpis = models.JSONField(default=dict)
    unplanned = models.JSONField(default=list)
    #: Planned as independent factories (``engine.solve_split``; side by side on several
    #: workers for a large network): a replay solves it the same way.
    split = models.BooleanField(default=False)

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
    """A replan asked for, running or finished, with its progress for the planning board.

    ``queued → running → done | failed`` (or ``skipped`` when another run saved a newer
    plan first). Status and progress are committed on their own, so other connections
    see them while the plan is computed; a run that stops moving is failed by the
    sweeper. At most one run is queued at a time: requests meanwhile share it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped: another replan saved a newer plan first")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        READING = "reading", _("Reading units, factories and calendars")
        SOLVING = "solving", _("Planning the garments")
        SAVING = "saving", _("Saving the plan")
        FINISHED = "finished", _("Finished")

    class Reason(models.TextChoices):
        ENGINE_ERROR = "engine_error", _("The planner stopped with an error")
        TIME_LIMIT = "time_limit", _("The planner ran past its time limit")
        STALE_QUEUED = "stale_queued", _("Never started: the message or its worker was lost")
        STALE_RUNNING = "stale_running", _("Stopped moving: its worker was lost")
        SUPERSEDED = "superseded", _("Another replan saved a newer plan first")

    class Trigger(models.TextChoices):
        ARRIVAL = "arrival", _("New garments arrived")
        BEAT = "beat", _("Regular replan")
        STAFF = "staff", _("Asked for on the planning board")
        SWEEPER = "sweeper", _("Garments waited too long to be planned")
        RETRY = "retry", _("Retry of a replan that did not finish")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.BEAT)
    requested_by = models.CharField(max_length=150, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.WAITING)
    #: Units in the problem (shown with the solving step).
    units = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    #: What the reason names: the engine's error text, minutes without progress, …
    reason_detail = models.CharField(max_length=300, blank=True)
    plan = models.ForeignKey(PlanVersion, null=True, blank=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField(auto_now_add=True)
    #: Not expected to start before this (the debounce delay).
    due_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    #: Last sign of life of a running run (written every few seconds while it plans).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: A run planned factory by factory on several workers (``PlanRunPart``): what the
    #: assembly needs (the network's problem, the plan and release it started from).
    fan_out = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("status",),
                condition=models.Q(status="queued"),
                name="one_queued_plan_run",
            )
        ]

    def __str__(self) -> str:
        return f"replan {self.pk} ({self.status})"


class PlanRunPart(models.Model):
    """One factory's share of a run planned side by side (``scheduling.fan_out``): its
    part of the problem, solved by a task of its own, and the plan it came back with.
    The run's plan is saved, in one transaction, only once every part is done; a part
    that fails fails the run."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="parts")
    #: Position in the network's factory order (the merge keeps it).
    index = models.PositiveSmallIntegerField()
    factory_code = models.CharField(max_length=20)
    problem = models.JSONField()
    result = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("run", "index")
        constraints = [
            models.UniqueConstraint(fields=("run", "index"), name="one_part_per_run_and_index")
        ]

    def __str__(self) -> str:
        return f"replan {self.run_id} part {self.factory_code} ({self.status})"


class FactoryRelease(models.Model):
    """One cut-off at one factory: the work for ``production_day`` went to the factory.
    Unique, so a cut-off is released once however often the release task runs."""

    factory = models.ForeignKey("factory.Factory", on_delete=models.PROTECT, related_name="+")
    production_day = models.DateField()
    cutoff_at = models.DateTimeField()
    plan = models.ForeignKey(PlanVersion, null=True, blank=True, on_delete=models.PROTECT)
    work_orders = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-released_at", "-pk")
        constraints = [
            models.UniqueConstraint(
                fields=("factory", "production_day"), name="one_release_per_factory_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.factory_id} {self.production_day}"
