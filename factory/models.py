"""Factories as data: what each factory can make, its work centres and their daily
capacity, its working calendar, the fabrics it holds or can receive, and the standard
minutes of each operation. Staff edit all of it; routing and planning read it through
``factory.selectors``."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shop.models import BilingualName
from shop.tailoring.choices import garment_type_choices


class WorkCentreKind(models.TextChoices):
    """The stages every garment goes through, in order."""

    CUTTING = "cutting", _("Cutting")
    SEWING = "sewing", _("Sewing")
    FINISHING = "finishing", _("Finishing")
    QC = "qc", _("Quality control")
    PACKING = "packing", _("Packing")


WORK_CENTRE_KINDS: tuple[str, ...] = tuple(WorkCentreKind.values)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PublicHolidays(models.TextChoices):
    """Whose public holidays (and make-up working days) a factory observes."""

    NONE = "", _("None: only the factory's own holidays")
    CHINA = "CN", _("Mainland China (State Council notice, with make-up working days)")


def validate_timezone(value: str) -> None:
    """An IANA time zone name that the zoneinfo database knows, like Asia/Shanghai."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            _("%(value)s is not an IANA time zone name, like Asia/Shanghai."),
            code="invalid_timezone",
            params={"value": value},
        ) from None


class Factory(BilingualName):
    """A plant on the platform that makes garments to measure."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]*$",
                _("Use capital letters, digits and hyphens, like HZ-01."),
            )
        ],
    )
    city_en = models.CharField(_("city (English)"), max_length=100)
    city_zh = models.CharField(_("city (Simplified Chinese)"), max_length=100)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_timezone],
        help_text=_("IANA name, like Asia/Shanghai."),
    )
    public_holidays = models.CharField(
        _("public holidays"),
        max_length=2,
        choices=PublicHolidays.choices,
        default=PublicHolidays.CHINA,
        blank=True,
        help_text=_("Days off (and make-up working days) taken from the official calendar."),
    )
    release_time = models.TimeField(
        _("daily release time"),
        default=time(18, 0),
        help_text=_(
            "Local time at which the factory takes the next working day's work; until "
            "then customers may change or cancel those garments."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=100, help_text=_("Lower is preferred when routing.")
    )
    cost_index = models.DecimalField(
        _("cost index"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Relative cost of one standard minute; 1.000 is the reference."),
    )
    max_plies_per_lay = models.PositiveSmallIntegerField(
        _("maximum plies per lay"),
        default=40,
        validators=[MinValueValidator(1)],
        help_text=_("Layers of fabric the cutting table takes in one lay."),
    )
    max_garments_per_batch = models.PositiveSmallIntegerField(
        _("maximum garments per batch"),
        default=40,
        validators=[MinValueValidator(1)],
        help_text=_("Garments cut together in one batch."),
    )

    class Meta:
        ordering = ("priority", "code")
        verbose_name = _("factory")
        verbose_name_plural = _("factories")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost_index__gt=0), name="factory_cost_index_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_plies_per_lay__gt=0), name="factory_plies_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_garments_per_batch__gt=0),
                name="factory_batch_size_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def city(self) -> str:
        language = (get_language() or "en").lower()
        return self.city_zh if language.startswith("zh") and self.city_zh else self.city_en

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class FactoryCapability(models.Model):
    """A garment type the factory makes."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="capabilities")
    garment_type = models.CharField(
        _("garment type"), max_length=20, choices=garment_type_choices()
    )

    class Meta:
        ordering = ("factory", "garment_type")
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        constraints = [
            models.UniqueConstraint(
                fields=("factory", "garment_type"), name="factory_capability_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.factory_id}: {self.garment_type}"


class WorkCentre(models.Model):
    """One stage of a factory and the minutes of work it can do on a working day."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="work_centres")
    kind = models.CharField(_("kind"), max_length=20, choices=WorkCentreKind.choices)
    daily_capacity_minutes = models.PositiveIntegerField(
        _("daily capacity (minutes)"),
        help_text=_("Standard minutes of work a full working day gives."),
    )

    class Meta:
        ordering = ("factory", "kind")
        verbose_name = _("work centre")
        verbose_name_plural = _("work centres")
        constraints = [
            models.UniqueConstraint(fields=("factory", "kind"), name="work_centre_kind_once"),
            models.CheckConstraint(
                condition=models.Q(daily_capacity_minutes__gte=0),
                name="work_centre_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factory_id}: {self.kind} {self.daily_capacity_minutes}"


class Shift(models.Model):
    """A period of work on one weekday. A weekday with shifts is a working day."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="shifts")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, validators=[MaxValueValidator(6)]
    )
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

    class Meta:
        ordering = ("factory", "weekday", "start")
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.UniqueConstraint(
                fields=("factory", "weekday", "start"), name="shift_start_once_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="shift_weekday_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError(
                {"end": _("The shift must end after it starts.")}, code="shift_end"
            )


class Holiday(models.Model):
    """A date the factory does not work, whatever its shifts."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ("factory", "date")
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(fields=("factory", "date"), name="holiday_once_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class FactoryFabric(models.Model):
    """A fabric the factory keeps in stock, or can have delivered in some days."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="fabrics")
    fabric = models.ForeignKey(
        "shop.Fabric", on_delete=models.CASCADE, related_name="factory_links"
    )
    stocked = models.BooleanField(_("stocked"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        help_text=_("Working days for the fabric to reach the factory when it is not stocked."),
    )

    class Meta:
        ordering = ("factory", "fabric")
        verbose_name = _("factory fabric")
        verbose_name_plural = _("factory fabrics")
        constraints = [
            models.UniqueConstraint(fields=("factory", "fabric"), name="factory_fabric_once"),
            models.CheckConstraint(
                condition=models.Q(stocked=True) | models.Q(lead_time_days__isnull=False),
                name="factory_fabric_stocked_or_lead_time",
            ),
            models.CheckConstraint(
                condition=models.Q(lead_time_days__isnull=True) | models.Q(lead_time_days__gte=0),
                name="factory_fabric_lead_time_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factory_id}: fabric {self.fabric_id}"

    def clean(self) -> None:
        if not self.stocked and self.lead_time_days is None:
            raise ValidationError(
                {"lead_time_days": _("Give a lead time for a fabric that is not stocked.")},
                code="lead_time_required",
            )

    @property
    def lead_time(self) -> int | None:
        """Days before the factory can cut this fabric: 0 if stocked."""
        return 0 if self.stocked else self.lead_time_days


class OperationStandard(models.Model):
    """Standard minutes one garment of a type takes at one kind of work centre."""

    garment_type = models.CharField(
        _("garment type"), max_length=20, choices=garment_type_choices()
    )
    kind = models.CharField(_("work centre"), max_length=20, choices=WorkCentreKind.choices)
    standard_minutes = models.DecimalField(
        _("standard minutes"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ("garment_type", "kind")
        verbose_name = _("operation standard")
        verbose_name_plural = _("operation standards")
        constraints = [
            models.UniqueConstraint(
                fields=("garment_type", "kind"), name="operation_standard_once"
            ),
            models.CheckConstraint(
                condition=models.Q(standard_minutes__gt=0),
                name="operation_standard_minutes_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.garment_type} {self.kind}: {self.standard_minutes}"


class OptionExtraMinutes(models.Model):
    """Minutes an option choice adds at one kind of work centre (a monogram adds
    embroidery at finishing)."""

    garment_type = models.CharField(
        _("garment type"), max_length=20, choices=garment_type_choices()
    )
    option_code = models.SlugField(_("option code"), max_length=40)
    choice_code = models.SlugField(_("choice code"), max_length=40)
    kind = models.CharField(_("work centre"), max_length=20, choices=WorkCentreKind.choices)
    extra_minutes = models.DecimalField(
        _("extra minutes"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ("garment_type", "option_code", "choice_code", "kind")
        verbose_name = _("option extra minutes")
        verbose_name_plural = _("option extra minutes")
        constraints = [
            models.UniqueConstraint(
                fields=("garment_type", "option_code", "choice_code", "kind"),
                name="option_extra_minutes_once",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_minutes__gt=0), name="option_extra_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.garment_type} {self.option_code}={self.choice_code} "
            f"{self.kind}: +{self.extra_minutes}"
        )


class FactoryMembership(models.Model):
    """A user who works for a factory. Factory users reach exactly the factories
    they are members of (see ``factory.selectors.factories_for_user``)."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operator")
        MANAGER = "manager", _("Manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="factory_memberships"
    )
    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OPERATOR)

    class Meta:
        ordering = ("factory", "user")
        verbose_name = _("factory membership")
        verbose_name_plural = _("factory memberships")
        constraints = [
            models.UniqueConstraint(fields=("user", "factory"), name="factory_membership_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.factory_id} ({self.role})"


class WorkOrder(models.Model):
    """A released batch, as the factory receives it: the garments to cut and make together."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    factory = models.ForeignKey(Factory, on_delete=models.PROTECT, related_name="work_orders")
    plan_batch = models.OneToOneField(
        "scheduling.PlannedBatch", on_delete=models.PROTECT, related_name="work_order"
    )
    garment_type = models.CharField(_("garment type"), max_length=20)
    fabric = models.ForeignKey("shop.Fabric", on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField("orders.ProductionUnit", related_name="work_orders")
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)

    class Meta:
        ordering = ("-released_at",)

    def __str__(self) -> str:
        return self.code
