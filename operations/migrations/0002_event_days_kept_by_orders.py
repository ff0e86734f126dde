# The per-day event counts move to orders.UnitEventDay, kept by the services that write
# the events; the events written before are counted into it once here.

from django.conf import settings
from django.db import migrations
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDate
from zoneinfo import ZoneInfo


def count_the_events(apps, schema_editor):
    UnitEvent = apps.get_model("orders", "UnitEvent")
    UnitEventDay = apps.get_model("orders", "UnitEventDay")
    FloorEvent = apps.get_model("floor", "FloorEvent")
    remake_reason = Subquery(
        FloorEvent.objects.filter(unit_id=OuterRef("unit_id"), kind="qc", decision="remake")
        .order_by("-pk")
        .values("reason")[:1]
    )
    why = Case(
        When(
            from_state="qc",
            then=Coalesce(
                KT("data__reason"),
                KT("data__qc_reason"),
                remake_reason,
                Value(""),
                output_field=CharField(),
            ),
        ),
        default=Value(""),
        output_field=CharField(),
    )
    cut = Q(to_state="cutting")
    rows = (
        UnitEvent.objects.filter(kind="transition")
        .annotate(
            day=TruncDate("at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
            why=why,
            remake=Case(
                When(to_state="paid", unit__remake_of__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            cloth=Case(When(cut, then=F("unit__fabric_id")), default=None),
        )
        .values(
            "day", "from_state", "to_state", "unit__factory_id", "cloth",
            "unit__garment_type", "why", "remake",
        )
        .annotate(n=Count("id"), metres=Sum("unit__fabric_metres", filter=cut))
        .order_by()
    )
    UnitEventDay.objects.all().delete()
    UnitEventDay.objects.bulk_create(
        (
            UnitEventDay(
                day=r["day"],
                from_state=r["from_state"],
                to_state=r["to_state"],
                factory_id=r["unit__factory_id"] or 0,
                fabric_id=r["cloth"] or 0,
                garment_type=r["unit__garment_type"],
                why=(r["why"] or "")[:100],
                remake=r["remake"],
                n=r["n"],
                metres=r["metres"] or 0,
            )
            for r in rows.iterator()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('operations', '0001_event_day_counts'),
        ('orders', '0008_unit_event_days'),
        ('floor', '0001_initial'),
    ]

    operations = [
        migrations.DeleteModel(
            name='EventDayCount',
        ),
        migrations.DeleteModel(
            name='EventDayRefresh',
        ),
        migrations.RunPython(count_the_events, migrations.RunPython.noop),
    ]
