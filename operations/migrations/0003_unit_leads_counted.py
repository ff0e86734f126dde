# The lead times of the garments shipped and delivered so far, counted once into
# orders.UnitLead (the services keep it from now on).

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncDate


def count_the_leads(apps, schema_editor):
    UnitEvent = apps.get_model("orders", "UnitEvent")
    UnitLead = apps.get_model("orders", "UnitLead")
    rows = (
        UnitEvent.objects.filter(kind="transition", to_state__in=("shipped", "delivered"))
        .annotate(
            day=TruncDate("at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
            took=ExpressionWrapper(F("at") - F("unit__created_at"), output_field=DurationField()),
        )
        .values_list(
            "pk", "unit_id", "to_state", "day", "took", "unit__promised_ship_date",
            "unit__factory_id", "unit__garment_type",
        )
    )
    UnitLead.objects.all().delete()
    UnitLead.objects.bulk_create(
        (
            UnitLead(
                event_id=pk,
                unit_id=unit_id,
                to_state=to_state,
                day=day,
                took=took if isinstance(took, timedelta) else timedelta(microseconds=int(took)),
                promised=promised,
                factory_id=factory_id or 0,
                garment_type=garment_type,
            )
            for pk, unit_id, to_state, day, took, promised, factory_id, garment_type in rows.iterator()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('operations', '0002_event_days_kept_by_orders'),
        ('orders', '0011_unit_leads'),
    ]

    operations = [
        migrations.RunPython(count_the_leads, migrations.RunPython.noop),
    ]
