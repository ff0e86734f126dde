"""Where staff give catalogue products, product types and categories their Chinese names
(Oscar's own dashboard edits the English ones), and say which fabrics and choices a style
offers."""

from typing import Any

from django.contrib import admin

from shop.models import (
    CategoryTranslation,
    ProductClassTranslation,
    ProductTranslation,
    StyleOffer,
    style_catalogue_version_bump,
)
from shop.services import (
    category_translation_set,
    product_class_translation_set,
    product_translation_set,
)


@admin.register(ProductTranslation)
class ProductTranslationAdmin(admin.ModelAdmin):
    list_display = ("product", "title_zh")
    search_fields = ("product__title", "title_zh")
    raw_id_fields = ("product",)

    def save_model(self, request: Any, obj: ProductTranslation, form: Any, change: bool) -> None:
        obj.pk = product_translation_set(
            product=obj.product, title_zh=obj.title_zh, description_zh=obj.description_zh
        ).pk


@admin.register(CategoryTranslation)
class CategoryTranslationAdmin(admin.ModelAdmin):
    list_display = ("category", "name_zh")
    search_fields = ("category__name", "name_zh")
    raw_id_fields = ("category",)

    def save_model(self, request: Any, obj: CategoryTranslation, form: Any, change: bool) -> None:
        obj.pk = category_translation_set(category=obj.category, name_zh=obj.name_zh).pk


@admin.register(ProductClassTranslation)
class ProductClassTranslationAdmin(admin.ModelAdmin):
    list_display = ("product_class", "name_zh")
    search_fields = ("product_class__name", "name_zh")

    def save_model(
        self, request: Any, obj: ProductClassTranslation, form: Any, change: bool
    ) -> None:
        obj.pk = product_class_translation_set(
            product_class=obj.product_class, name_zh=obj.name_zh
        ).pk


@admin.register(StyleOffer)
class StyleOfferAdmin(admin.ModelAdmin):
    list_display = ("product",)
    filter_horizontal = ("fabrics", "excluded_choices")
    raw_id_fields = ("product",)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        style_catalogue_version_bump()  # the offered fabrics and choices changed
