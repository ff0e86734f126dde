"""The demo factory network, as data (loaded by ``factory.services.demo_factories_load``).

Capacities are standard minutes per working day: headcount at the work centre x 480
productive minutes of the 510 a day's shifts give (about 94 % attendance and
efficiency). Every demo plant runs on Beijing time.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

MINUTES_PER_HEAD = 480

# code, English name, Chinese name, English city, Chinese city, priority, cost index,
# plies per lay, garments per batch, garment types, headcount per work centre,
# working weekdays (0 = Monday)
DEMO_FACTORIES = (
    (
        "HZ-01",
        "Hanzhong main plant",
        "汉中总厂",
        "Hanzhong",
        "汉中",
        10,
        Decimal("1.000"),
        60,
        60,
        ("shirt", "trousers", "jacket"),
        {"cutting": 10, "sewing": 60, "finishing": 16, "qc": 6, "packing": 4},
        (0, 1, 2, 3, 4, 5),
    ),
    (
        "XA-02",
        "Xi'an plant",
        "西安分厂",
        "Xi'an",
        "西安",
        20,
        Decimal("1.050"),
        40,
        40,
        ("shirt", "trousers"),
        {"cutting": 5, "sewing": 20, "finishing": 6, "qc": 2, "packing": 1},
        (0, 1, 2, 3, 4),
    ),
    (
        "XY-03",
        "Xianyang partner workshop",
        "咸阳合作工厂",
        "Xianyang",
        "咸阳",
        30,
        Decimal("1.250"),
        30,
        30,
        ("jacket", "trousers"),
        {"cutting": 4, "sewing": 30, "finishing": 8, "qc": 2, "packing": 1},
        (0, 1, 2, 3, 4),
    ),
)

DEMO_SHIFTS = ((time(8, 0), time(12, 0)), (time(13, 0), time(17, 30)))

# How each demo factory gets the demo fabrics: which code prefixes it stocks, and the
# lead time in days for the others it can have delivered (None: it cannot).
DEMO_FABRIC_SUPPLY = {
    "HZ-01": {"stocked": ("SH-1", "SU-2", "TR-3"), "lead_time_days": 2},
    "XA-02": {"stocked": ("SH-1",), "lead_time_days": 2},
    "XY-03": {"stocked": (), "lead_time_days": 3},
}
# Fabrics Hanzhong does not keep on the shelf although it makes with them (received
# from the mill in two days), so that "stocks most fabrics" is not "stocks all".
HANZHONG_NOT_STOCKED = ("SH-107", "SU-206")

# Public holidays (and the make-up working days) are not listed here: every demo
# factory observes Mainland China's, read from the official calendar (Factory.public_holidays).

# Standard minutes per garment type per work centre.
DEMO_STANDARD_MINUTES = {
    # 64 minutes: a dress shirt.
    "shirt": {"cutting": "6", "sewing": "45", "finishing": "8", "qc": "3", "packing": "2"},
    # 55 minutes: suit trousers.
    "trousers": {"cutting": "6", "sewing": "36", "finishing": "8", "qc": "3", "packing": "2"},
    # 242 minutes: a half-canvas suit jacket.
    "jacket": {"cutting": "15", "sewing": "180", "finishing": "35", "qc": "8", "packing": "4"},
}

# garment type, option code, choice code, work centre, extra minutes; the codes are
# those of ``shop.demo.DEMO_OPTIONS`` (a test checks that each one exists there).
DEMO_OPTION_EXTRAS = (
    ("shirt", "monogram_position", "cuff", "finishing", "8"),
    ("shirt", "monogram_position", "chest", "finishing", "8"),
    ("shirt", "monogram_position", "collar-band", "finishing", "8"),
    ("shirt", "cuff", "french", "sewing", "3"),
    ("jacket", "buttons", "double-breasted", "sewing", "20"),
    ("jacket", "monogram_position", "lining", "finishing", "8"),
    ("jacket", "monogram_position", "cuff", "finishing", "8"),
    ("trousers", "pleats", "single", "sewing", "5"),
    ("trousers", "pleats", "double", "sewing", "8"),
    ("trousers", "turn_ups", "yes", "sewing", "4"),
)

DEMO_FACTORY_USER_FACTORY = "HZ-01"
