"""Reads for the garment dashboard. Each list is one query, whatever its length."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from shop.models import Fabric, GarmentOption, OptionChoice


def _name_or_code(search: str) -> Q:
    return Q(code__icontains=search) | Q(name_en__icontains=search) | Q(name_zh__icontains=search)


def fabric_list(*, search: str = "") -> QuerySet[Fabric]:
    """Fabrics by code, each with ``spec_count`` (garment specs made of it)."""
    fabrics = Fabric.objects.annotate(spec_count=Count("specs"))
    search = search.strip()
    if search:
        fabrics = fabrics.filter(_name_or_code(search))
    return fabrics.order_by("code")


def fabric_get(*, pk: int) -> Fabric:
    """One fabric; ``Fabric.DoesNotExist`` if there is none with that id."""
    return Fabric.objects.get(pk=pk)


def garment_option_list(*, search: str = "") -> QuerySet[GarmentOption]:
    """Options by garment type and position, each with ``choice_count``,
    ``offered_choice_count`` and the names of its default choice
    (``default_choice_en``/``default_choice_zh``)."""
    defaults = OptionChoice.objects.filter(option=OuterRef("pk"), is_default=True).order_by(
        "position", "code"
    )
    options = GarmentOption.objects.annotate(
        choice_count=Count("choices"),
        offered_choice_count=Count("choices", filter=Q(choices__is_active=True)),
        default_choice_en=Subquery(defaults.values("name_en")[:1]),
        default_choice_zh=Subquery(defaults.values("name_zh")[:1]),
    )
    search = search.strip()
    if search:
        options = options.filter(_name_or_code(search))
    return options.order_by("garment_type", "position", "code")


def garment_option_get(*, pk: int) -> GarmentOption:
    """One option; ``GarmentOption.DoesNotExist`` if there is none with that id."""
    return GarmentOption.objects.get(pk=pk)


def option_choice_list(*, option: GarmentOption) -> QuerySet[OptionChoice]:
    """The option's choices in the order the customer sees them."""
    return OptionChoice.objects.filter(option=option).order_by("position", "code")


def option_choice_get(*, option: GarmentOption, pk: int) -> OptionChoice:
    """One choice of that option (a choice of another option is ``DoesNotExist``)."""
    return OptionChoice.objects.select_related("option").get(option=option, pk=pk)
