"""The planning board: staff only; a Gantt per factory with late units and changeovers
marked, KPIs beside the previous plan's, and "replan now" with its progress."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone

from orders.models import ProductionUnit
from orders.services import unit_route
from scheduling.models import PlannedBatch, PlanRun, PlanVersion
from scheduling.requests import BURST_SECONDS, DEBOUNCE_SECONDS, replan_request
from scheduling.services import network_replan
from tests.orders.factories import paid_order, plant
from tests.shop.factories import fabric
from tests.shop.payments.factories import customer

pytestmark = pytest.mark.django_db


def _staff_client() -> Client:
    staff = get_user_model().objects.create_user(
        username="planner", email="planner@example.com", password="pw", is_staff=True
    )
    client = Client()
    client.force_login(staff)
    return client


def _planned_network():  # type: ignore[no-untyped-def]
    first, second = fabric(stock="1000"), fabric(stock="1000")
    factory = plant(code="HZ-B", fabrics=(first, second))
    paid_order(fabric=first, garments=3)
    paid_order(fabric=second, garments=2)
    for unit in ProductionUnit.objects.filter(state="paid"):
        unit_route(unit_id=unit.pk)
    network_replan(seed=1, time_limit=2.0)
    return factory, first, second


@pytest.mark.dates
def test_board_shows_batches_changeovers_and_kpis_beside_the_previous_plan() -> None:
    factory, first, second = _planned_network()
    network_replan(seed=2, time_limit=2.0)
    client = _staff_client()

    page = client.get(f"/en/dashboard/planning/?factory={factory.code}").content.decode()

    assert 'data-work-centre="cutting"' in page
    assert f"{first.code} ×3" in page and f"{second.code} ×2" in page
    assert page.count('data-changeover="30"') >= 2  # a new fabric on the cutting table
    assert "Plan 2 from" in page
    kpis = page.split('id="kpis"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Plan 2</th><th scope="col">Plan 1</th>' in kpis
    assert (
        '<tr data-kpi="planned_units"><th scope="row">Units planned</th><td>5</td><td>5</td>'
        in kpis
    )


@pytest.mark.dates
def test_late_units_are_highlighted() -> None:
    factory, _first, _second = _planned_network()
    # Promised for the day before the plan starts: late whatever the day of the week.
    start = PlanVersion.objects.get().horizon_start
    ProductionUnit.objects.update(promised_ship_date=start - timedelta(days=1))
    network_replan(seed=3, time_limit=2.0)
    client = _staff_client()

    page = client.get(f"/en/dashboard/planning/?factory={factory.code}").content.decode()

    assert 'class="gantt-bar late"' in page
    assert 'id="late-units"' in page
    assert page.count('<tr class="table-danger">') == 5


@pytest.mark.django_db(transaction=True)
def test_replan_now_records_a_run_and_its_progress() -> None:
    factory, _first, _second = _planned_network()
    client = _staff_client()

    response = client.post("/en/dashboard/planning/replan/", {"factory": factory.code})
    run = PlanRun.objects.get(requested_by="planner")
    status = client.get(f"/en/dashboard/planning/runs/{run.pk}/").json()

    assert response.status_code == 302
    assert response["Location"].endswith(f"?factory={factory.code}&run={run.pk}")
    assert status == {
        "status": "done",
        "status_label": "Done",
        "progress": 100,
        "message": "Finished",
        "plan": 2,
    }


def test_board_is_for_staff_only() -> None:
    client = Client()
    anonymous = client.get("/en/dashboard/planning/")
    client.force_login(customer())
    as_customer = client.get("/en/dashboard/planning/")
    replan = client.post("/en/dashboard/planning/replan/")

    assert anonymous.status_code == 302 and "/dashboard/login/" in anonymous["Location"]
    assert as_customer.status_code == 302
    assert replan.status_code == 302
    assert PlanRun.objects.count() == 0


def test_empty_states() -> None:
    client = _staff_client()
    assert 'id="no-factories"' in client.get("/en/dashboard/planning/").content.decode()
    plant(code="EMPTY")
    assert 'id="no-plan"' in client.get("/en/dashboard/planning/").content.decode()


@pytest.mark.django_db(transaction=True)
@override_settings(SCHEDULING_REPLAN_ON_ARRIVAL=True)
def test_units_arriving_together_share_one_replan_sent_at_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sent = _replans_sent(monkeypatch)
    cloth = fabric(stock="1000")
    plant(code="HZ-D", fabrics=(cloth,))
    paid_order(fabric=cloth, garments=3)

    for unit in ProductionUnit.objects.filter(state="paid"):
        unit_route(unit_id=unit.pk)

    run = PlanRun.objects.get()
    assert (run.status, run.trigger) == ("queued", "arrival")
    assert sent == [((run.pk,), 0)]


def _replans_sent(monkeypatch) -> list[tuple[tuple[int], int]]:  # type: ignore[no-untyped-def]
    from scheduling import tasks

    sent: list[tuple[tuple[int], int]] = []
    monkeypatch.setattr(
        tasks.network_replan,
        "apply_async",
        lambda args, kwargs=None, countdown=None, **options: sent.append((args, countdown)),
    )
    return sent


@pytest.mark.django_db(transaction=True)
@override_settings(SCHEDULING_REPLAN_ON_ARRIVAL=True)
def test_a_burst_arriving_while_a_replan_runs_waits_for_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from config.celery import app

    sent = _replans_sent(monkeypatch)
    cloth = fabric(stock="1000")
    plant(code="HZ-B", fabrics=(cloth,))
    now = timezone.now()
    running = PlanRun.objects.create(
        status=PlanRun.Status.RUNNING, trigger="arrival", started_at=now, heartbeat_at=now
    )

    paid_order(fabric=cloth, garments=2)  # each unit routed after commit, then arrives
    assert ProductionUnit.objects.filter(state="routed").count() == 2
    queued = PlanRun.objects.get(status="queued")
    monkeypatch.setattr(app.conf, "task_always_eager", False)  # as with a real worker
    started = network_replan(run_id=queued.pk)  # the running one still plans: not yet

    queued.refresh_from_db()
    assert started is None
    assert queued.status == "queued"
    assert sent == [((queued.pk,), BURST_SECONDS), ((queued.pk,), BURST_SECONDS)]
    assert PlanRun.objects.get(pk=running.pk).status == "running"


@pytest.mark.dates
def test_units_no_factory_can_take_are_shown_to_staff_with_the_reason() -> None:
    cloth = fabric(stock="1000")
    plant(code="NO-CLOTH")
    paid_order(fabric=cloth)
    unit = unit_route(unit_id=ProductionUnit.objects.get().pk)
    client = _staff_client()

    page = client.get("/en/dashboard/planning/").content.decode()

    flagged = page.split('id="needs-attention"', 1)[1].split("</div>", 1)[0]
    assert f'data-unit="{unit.code}"' in flagged
    assert f"<strong>{unit.code}</strong> (Dress shirt, promised " in flagged
    assert "NO-CLOTH neither stocks nor can receive the fabric" in flagged
    chinese = client.get("/zh-hans/dashboard/planning/").content.decode()
    flagged = chinese.split('id="needs-attention"', 1)[1].split("</div>", 1)[0]
    assert "没有工厂能接：NO-CLOTH 既无此面料库存，也无法到货。" in flagged
    assert f"<strong>{unit.code}</strong> (正装衬衫, 承诺日期 " in flagged
    assert "neither stocks" not in flagged
    assert "shirt" not in flagged


@pytest.mark.dates
def test_zoom_to_hours_labels_each_bar_with_batch_fabric_and_count() -> None:
    factory, first, _second = _planned_network()
    client = _staff_client()
    batch = PlannedBatch.objects.filter(factory=factory, fabric=first).get()

    page = client.get(f"/en/dashboard/planning/?factory={factory.code}&zoom=hour").content.decode()

    assert 'data-zoom="hour"' in page
    ticks = page.split('class="gantt-ticks"', 1)[1].split("</div>", 1)[0]
    assert ticks.count("<span") == 24 and ">00:00<" in ticks and ">23:00<" in ticks
    day = client.get(f"/en/dashboard/planning/?factory={factory.code}").content.decode()
    assert f"{batch.key} · {first.code} ×3</a>" in day
    assert '<h3 role="rowheader">Quality control</h3>' in day


def test_a_bar_opens_its_batch_with_its_units() -> None:
    factory, first, _second = _planned_network()
    client = _staff_client()
    batch = PlannedBatch.objects.filter(factory=factory, fabric=first).get()
    codes = sorted(u.unit.code for u in batch.units.select_related("unit"))

    page = client.get(
        f"/en/dashboard/planning/?factory={factory.code}&batch={batch.key}"
    ).content.decode()

    detail = page.split('id="batch-detail"', 1)[1].split("</section>", 1)[0]
    assert f"Batch {batch.key}: 3 × Dress shirt in {first.code}</h2>" in detail
    chinese = client.get(
        f"/zh-hans/dashboard/planning/?factory={factory.code}&batch={batch.key}"
    ).content.decode()
    assert f"批次 {batch.key}：3 × 正装衬衫，面料 {first.code}</h2>" in chinese
    assert sorted(detail.split('<tr data-unit="')[i].split('"', 1)[0] for i in (1, 2, 3)) == codes
    missing = client.get(f"/en/dashboard/planning/?factory={factory.code}&batch=NOPE")
    assert missing.status_code == 404
    assert (
        client.get(f"/en/dashboard/planning/?factory={factory.code}&zoom=year").status_code == 404
    )
    assert client.get(f"/en/dashboard/planning/?factory={factory.code}&from=x").status_code == 404


def test_the_table_view_and_chinese_work_centres() -> None:
    factory, first, second = _planned_network()
    client = _staff_client()

    table = client.get(f"/en/dashboard/planning/?factory={factory.code}&view=table")
    chinese = client.get(f"/zh-hans/dashboard/planning/?factory={factory.code}").content.decode()

    rows = table.content.decode().split('id="plan-table"', 1)[1].split("</table>", 1)[0]
    assert rows.count("<tr data-batch=") == 10  # two batches at five work centres
    assert f"<td>{first.code}</td><td>3</td><td>Cutting</td>" in rows
    assert f"<td>{second.code}</td><td>2</td><td>Packing</td>" in rows
    assert '<h3 role="rowheader">裁剪</h3>' in chinese
    assert '<h3 role="rowheader">cutting</h3>' not in chinese


def test_the_dashboard_carries_our_name() -> None:
    page = _staff_client().get("/en/dashboard/").content.decode()

    assert '<a class="navbar-brand" href="#">C2M Tailor</a>' in page
    assert "nav.navbar.navbar-accounts .navbar-brand { background: none; text-indent: 0;" in page


@pytest.mark.django_db(transaction=True)
@override_settings(SCHEDULING_REPLAN_ON_ARRIVAL=True)
def test_units_arriving_bring_a_debounced_replan_forward(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sent = _replans_sent(monkeypatch)
    cloth = fabric(stock="1000")
    plant(code="HZ-F", fabrics=(cloth,))
    beat = replan_request(trigger=PlanRun.Trigger.BEAT)  # waits a minute for others
    assert sent == [((beat.pk,), DEBOUNCE_SECONDS)]

    paid_order(fabric=cloth, garments=2)  # each unit routed after commit, then arrives

    beat.refresh_from_db()
    assert PlanRun.objects.count() == 1
    assert (beat.status, beat.trigger) == ("queued", "beat")
    assert beat.due_at <= timezone.now() + timedelta(seconds=BURST_SECONDS)
    # sent again once, to start within the burst delay; the second unit finds it due
    assert sent == [((beat.pk,), DEBOUNCE_SECONDS), ((beat.pk,), BURST_SECONDS)]
