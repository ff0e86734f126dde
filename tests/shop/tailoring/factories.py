"""Valid measurement sets to start tests from (cm)."""

from __future__ import annotations

from decimal import Decimal


def shirt_man() -> dict[str, Decimal]:
    return {
        "height": Decimal(175),
        "neck": Decimal(40),
        "chest": Decimal(96),
        "waist": Decimal(82),
        "hip": Decimal(98),
        "shoulder_width": Decimal(46),
        "sleeve_length": Decimal(63),
        "shirt_length": Decimal(78),
        "bicep": Decimal(31),
        "wrist": Decimal("17.5"),
    }


def trousers_man() -> dict[str, Decimal]:
    return {
        "height": Decimal(175),
        "waist": Decimal(82),
        "hip": Decimal(98),
        "outseam": Decimal(105),
        "inseam": Decimal(80),
        "crotch_depth": Decimal(26),
        "thigh": Decimal(57),
        "knee": Decimal(38),
        "ankle": Decimal(23),
    }


def jacket_man() -> dict[str, Decimal]:
    values = shirt_man()
    del values["shirt_length"]
    values.update(back_width=Decimal(39), armhole=Decimal(46), jacket_length=Decimal(75))
    return values


BASELINES = {"shirt": shirt_man, "trousers": trousers_man, "jacket": jacket_man}
