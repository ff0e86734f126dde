"""The carriers a factory ships with, and where a customer follows a parcel (pure data).

Orders keeps the list because the customer's order page (here) and the factory floor
(above) both need it; the floor records the shipment, the unit keeps the carrier code."""

from __future__ import annotations

from django.db import models
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class Carrier(models.TextChoices):
    SF = "sf", _("SF Express")
    EMS = "ems", _("China Post EMS")
    JD = "jd", _("JD Logistics")
    ZTO = "zto", _("ZTO Express")
    YTO = "yto", _("YTO Express")


#: The carrier's public tracking page; the tracking number is appended as a query.
TRACKING_PAGES: dict[str, tuple[str, str]] = {
    Carrier.SF: ("https://www.sf-express.com/chn/en/waybill/list", "waybillNo"),
    Carrier.EMS: ("https://www.ems.com.cn/qps/yjcx", "mailNo"),
    Carrier.JD: ("https://www.jdl.com/orderSearch", "waybillCodes"),
    Carrier.ZTO: ("https://www.zto.com/GuestService/Bill", "txtBill"),
    Carrier.YTO: ("https://www.yto.net.cn/gw/service/Shipmenttracking", "waybillNo"),
}


def carrier_label(code: str) -> str:
    """The carrier's name in the reader's language (the code itself if unknown)."""
    try:
        return str(Carrier(code).label)
    except ValueError:
        return code


def tracking_url(*, carrier: str, tracking_number: str) -> str:
    """The carrier's tracking page for this parcel, or "" for an unknown carrier."""
    page = TRACKING_PAGES.get(carrier)
    if page is None or not tracking_number:
        return ""
    base, parameter = page
    return f"{base}?{urlencode({parameter: tracking_number})}"
