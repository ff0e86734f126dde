"""Demo data for ``make run``: a small catalogue of garment styles and three logins.

Idempotent: running it twice leaves one copy of everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from shop.models import (
    Fabric,
    GarmentOption,
    GarmentStyle,
    OptionChoice,
    StyleOffer,
    style_catalogue_version_bump,
)
from shop.services import (
    category_translation_set,
    product_class_translation_set,
    product_translation_set,
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_LOGINS = (
    DemoLogin(role="customer", email="customer@c2m.example", password="customer-demo"),
    DemoLogin(role="factory", email="factory@c2m.example", password="factory-demo"),
    DemoLogin(role="staff", email="staff@c2m.example", password="staff-demo"),
)

FACTORY_GROUP = "Factory users"

# (product class, garment type, category, title, UPC, base price in CNY)
DEMO_STYLES = (
    ("Dress shirt", "shirt", "Shirts", "Oxford dress shirt", "SHIRT-OXF", Decimal("299.00")),
    ("Dress shirt", "shirt", "Shirts", "Business poplin shirt", "SHIRT-POP", Decimal("329.00")),
    ("Trousers", "trousers", "Trousers", "Tailored suit trousers", "TRS-SUIT", Decimal("399.00")),
    (
        "Suit jacket",
        "jacket",
        "Jackets",
        "Single-breasted suit jacket",
        "JKT-SB",
        Decimal("1199.00"),
    ),
)

# The Chinese titles of the demo products (by UPC) and names of their categories.
DEMO_TITLES_ZH = {
    "SHIRT-OXF": "牛津纺正装衬衫",
    "SHIRT-POP": "商务府绸衬衫",
    "TRS-SUIT": "定制西裤",
    "JKT-SB": "单排扣西装上衣",
}
# The Chinese names of the demo product types.
DEMO_PRODUCT_CLASSES_ZH = {"Dress shirt": "正装衬衫", "Trousers": "西裤", "Suit jacket": "西装上衣"}
DEMO_CATEGORIES_ZH = {"Shirts": "衬衫", "Trousers": "西裤", "Jackets": "西装上衣"}
# The Chinese of the demo fabrics' compositions.
DEMO_COMPOSITIONS_ZH = {
    "100% cotton": "棉 100%",
    "100% cotton, 100s two-ply": "棉 100%，100 支双股",
    "100% wool": "羊毛 100%",
    "100% wool, Super 110s": "羊毛 100%，110 支纱",
    "wool 98%, elastane 2%": "羊毛 98%，氨纶 2%",
    "cotton 97%, elastane 3%": "棉 97%，氨纶 3%",
}

# code, English name, Chinese name, composition, g/m², colour, pattern, width cm,
# CNY per metre, metres in stock, (shirts, trousers, jackets)
S, J = (True, False, False), (False, True, True)  # shirting; suiting (jackets and trousers)
DEMO_FABRICS = (
    (
        "SH-101",
        "White Oxford",
        "白色牛津纺",
        "100% cotton",
        135,
        "#f7f7f2",
        "solid",
        "150",
        "68",
        "420",
        S,
    ),
    (
        "SH-102",
        "Sky-blue Oxford",
        "天蓝牛津纺",
        "100% cotton",
        135,
        "#a9c8e8",
        "solid",
        "150",
        "68",
        "380",
        S,
    ),
    (
        "SH-103",
        "White poplin",
        "白色府绸",
        "100% cotton, 100s two-ply",
        110,
        "#ffffff",
        "solid",
        "150",
        "95",
        "300",
        S,
    ),
    (
        "SH-104",
        "Blue Bengal stripe",
        "蓝色孟加拉条纹",
        "100% cotton",
        120,
        "#5b86c5",
        "stripe",
        "145",
        "88",
        "160",
        S,
    ),
    (
        "SH-105",
        "Pink end-on-end",
        "粉色牛仔青年布",
        "100% cotton",
        115,
        "#f2c6cf",
        "solid",
        "150",
        "82",
        "140",
        S,
    ),
    (
        "SH-106",
        "Navy gingham",
        "藏青格子",
        "100% cotton",
        120,
        "#27406b",
        "check",
        "148",
        "79",
        "120",
        S,
    ),
    (
        "SH-107",
        "Ivory twill",
        "象牙白斜纹",
        "100% cotton",
        140,
        "#f3ecd9",
        "twill",
        "150",
        "92",
        "2.5",
        S,
    ),
    (
        "SU-201",
        "Navy worsted",
        "藏青精纺羊毛",
        "100% wool, Super 110s",
        260,
        "#1f2a44",
        "solid",
        "150",
        "268",
        "240",
        J,
    ),
    (
        "SU-202",
        "Charcoal worsted",
        "炭灰精纺羊毛",
        "100% wool, Super 110s",
        260,
        "#3b3d42",
        "solid",
        "150",
        "268",
        "220",
        J,
    ),
    (
        "SU-203",
        "Grey herringbone",
        "灰色人字呢",
        "100% wool",
        290,
        "#7d7f85",
        "herringbone",
        "150",
        "298",
        "110",
        J,
    ),
    (
        "SU-204",
        "Navy chalk stripe",
        "藏青粉笔条",
        "wool 98%, elastane 2%",
        270,
        "#23304d",
        "pinstripe",
        "150",
        "318",
        "90",
        J,
    ),
    (
        "SU-205",
        "Brown glen check",
        "棕色格伦格",
        "100% wool",
        300,
        "#6b5240",
        "check",
        "150",
        "338",
        "60",
        J,
    ),
    (
        "SU-206",
        "Black barathea",
        "黑色巴拉西亚呢",
        "100% wool",
        280,
        "#151515",
        "twill",
        "150",
        "358",
        "75",
        J,
    ),
    (
        "TR-301",
        "Stone cotton twill",
        "石色棉斜纹",
        "cotton 97%, elastane 3%",
        250,
        "#c9b99a",
        "twill",
        "145",
        "128",
        "180",
        (False, True, False),
    ),
)

# Choices several garments share: (code, English, Chinese, surcharge, default).
FIT_CHOICES = (
    ("slim", "Slim", "修身", "0", False),
    ("regular", "Regular", "合体", "0", True),
    ("relaxed", "Relaxed", "宽松", "0", False),
)
MONOGRAM_FONTS = (
    ("block", "Block", "印刷体", "0", True),
    ("script", "Script", "手写体", "0", False),
    ("serif", "Serif", "衬线体", "0", False),
)
THREAD_COLOURS = (
    ("navy", "Navy", "藏青", "0"),
    ("white", "White", "白色", "0"),
    ("red", "Red", "红色", "0"),
    ("gold", "Gold", "金色", "10"),
    ("black", "Black", "黑色", "0"),
)


def thread_colours(*, default: str) -> tuple[tuple[str, str, str, str, bool], ...]:
    return tuple((code, en, zh, fee, code == default) for code, en, zh, fee in THREAD_COLOURS)


# garment type, option code, English, Chinese, choices: (code, English, Chinese, surcharge, default)
DEMO_OPTIONS = (
    (
        "shirt",
        "fit",
        "Fit",
        "版型",
        FIT_CHOICES,
    ),
    (
        "shirt",
        "collar",
        "Collar",
        "领型",
        (
            ("spread", "Spread", "八字领", "0", True),
            ("button-down", "Button-down", "扣领", "0", False),
            ("cutaway", "Cutaway", "一字领", "20", False),
            ("mandarin", "Mandarin", "立领", "20", False),
            ("wing", "Wing", "礼服领", "40", False),
        ),
    ),
    (
        "shirt",
        "cuff",
        "Cuff",
        "袖口",
        (
            ("barrel", "Barrel", "单扣袖口", "0", True),
            ("convertible", "Convertible", "两用袖口", "20", False),
            ("french", "French (cufflinks)", "法式袖口（袖扣）", "60", False),
        ),
    ),
    (
        "shirt",
        "placket",
        "Placket",
        "门襟",
        (
            ("standard", "Standard", "明门襟", "0", True),
            ("hidden", "Hidden buttons", "暗门襟", "30", False),
            ("plain", "Plain front", "平门襟", "0", False),
        ),
    ),
    (
        "shirt",
        "pocket",
        "Pocket",
        "口袋",
        (
            ("none", "No pocket", "无口袋", "0", True),
            ("one", "One chest pocket", "单胸袋", "0", False),
            ("two-flap", "Two flap pockets", "双盖袋", "40", False),
        ),
    ),
    (
        "shirt",
        "monogram_position",
        "Monogram",
        "绣字位置",
        (
            ("none", "No monogram", "不绣字", "0", True),
            ("cuff", "Left cuff", "左袖口", "50", False),
            ("chest", "Chest", "胸前", "50", False),
            ("collar-band", "Inside collar band", "领座内侧", "50", False),
        ),
    ),
    (
        "shirt",
        "monogram_font",
        "Monogram font",
        "绣字字体",
        MONOGRAM_FONTS,
    ),
    (
        "shirt",
        "monogram_colour",
        "Thread colour",
        "绣线颜色",
        thread_colours(default="navy"),
    ),
    (
        "trousers",
        "fit",
        "Fit",
        "版型",
        FIT_CHOICES,
    ),
    (
        "trousers",
        "pleats",
        "Pleats",
        "褶裥",
        (
            ("flat", "Flat front", "平面无褶", "0", True),
            ("single", "Single pleat", "单褶", "30", False),
            ("double", "Double pleats", "双褶", "50", False),
        ),
    ),
    (
        "trousers",
        "turn_ups",
        "Turn-ups",
        "裤脚翻边",
        (
            ("none", "Plain hem", "平脚", "0", True),
            ("yes", "4 cm turn-ups", "4 厘米翻边", "30", False),
        ),
    ),
    (
        "trousers",
        "waistband",
        "Waistband",
        "腰头",
        (
            ("belt-loops", "Belt loops", "皮带袢", "0", True),
            ("side-adjusters", "Side adjusters", "侧调节扣", "60", False),
        ),
    ),
    (
        "trousers",
        "back_pockets",
        "Back pockets",
        "后袋",
        (("one", "One", "一个", "0", False), ("two", "Two", "两个", "0", True)),
    ),
    (
        "jacket",
        "fit",
        "Fit",
        "版型",
        FIT_CHOICES,
    ),
    (
        "jacket",
        "lapel",
        "Lapel",
        "驳头",
        (
            ("notch", "Notch", "平驳头", "0", True),
            ("peak", "Peak", "戗驳头", "120", False),
            ("shawl", "Shawl", "青果领", "150", False),
        ),
    ),
    (
        "jacket",
        "buttons",
        "Front",
        "门襟扣",
        (
            ("one", "One button", "单粒扣", "0", False),
            ("two", "Two buttons", "两粒扣", "0", True),
            ("double-breasted", "Double-breasted", "双排扣", "260", False),
        ),
    ),
    (
        "jacket",
        "vents",
        "Vents",
        "开衩",
        (
            ("none", "No vent", "无开衩", "0", False),
            ("single", "Centre vent", "中开衩", "0", False),
            ("double", "Side vents", "双开衩", "80", True),
        ),
    ),
    (
        "jacket",
        "pocket",
        "Pockets",
        "口袋",
        (
            ("flap", "Flap", "有盖袋", "0", True),
            ("jetted", "Jetted", "双嵌线袋", "40", False),
            ("patch", "Patch", "贴袋", "40", False),
        ),
    ),
    (
        "jacket",
        "monogram_position",
        "Monogram",
        "绣字位置",
        (
            ("none", "No monogram", "不绣字", "0", True),
            ("lining", "Inside lining", "里布", "50", False),
            ("cuff", "Sleeve", "袖口", "50", False),
        ),
    ),
    (
        "jacket",
        "monogram_font",
        "Monogram font",
        "绣字字体",
        MONOGRAM_FONTS,
    ),
    (
        "jacket",
        "monogram_colour",
        "Thread colour",
        "绣线颜色",
        thread_colours(default="gold"),
    ),
)


# What each style offers when narrower than its garment type: (fabric codes, or () for
# every fabric of the garment; option and choice codes not offered).
DEMO_OFFERS = {
    # Oxford cloth is a casual weave: button-down collar, barrel cuffs, Oxford and gingham.
    "SHIRT-OXF": (
        ("SH-101", "SH-102", "SH-106"),
        (
            ("collar", "wing"),
            ("collar", "cutaway"),
            ("cuff", "french"),
            ("placket", "hidden"),
        ),
    ),
    # Business poplin: fine dress shirtings, formal collars and cuffs, no button-down.
    "SHIRT-POP": (
        ("SH-103", "SH-104", "SH-105", "SH-107"),
        (("collar", "button-down"), ("pocket", "two-flap")),
    ),
    "JKT-SB": ((), (("buttons", "double-breasted"),)),
}

# option -> the option it depends on (it applies only when that one is chosen)
DEMO_DEPENDENCIES = {
    "monogram_font": "monogram_position",
    "monogram_colour": "monogram_position",
}
# (option, choice) that switch off the options depending on that option
DEMO_SWITCHES_OFF = {("monogram_position", "none")}


@transaction.atomic
def demo_catalogue_load() -> int:
    """Create the demo garment styles, fabrics and options; returns the number of products."""
    product_class_model = apps.get_model("catalogue", "ProductClass")
    product_model = apps.get_model("catalogue", "Product")
    category_model = apps.get_model("catalogue", "Category")
    product_category_model = apps.get_model("catalogue", "ProductCategory")
    partner_model = apps.get_model("partner", "Partner")
    stock_record_model = apps.get_model("partner", "StockRecord")

    partner, _ = partner_model.objects.get_or_create(
        code="c2m-network", defaults={"name": "C2M factory network"}
    )
    categories: dict[str, object] = {}
    for class_name, garment_type, category_name, title, upc, price in DEMO_STYLES:
        product_class, _ = product_class_model.objects.get_or_create(
            name=class_name, defaults={"requires_shipping": True, "track_stock": False}
        )
        GarmentStyle.objects.update_or_create(
            product_class=product_class, defaults={"garment_type": garment_type}
        )
        product_class_translation_set(
            product_class=product_class, name_zh=DEMO_PRODUCT_CLASSES_ZH[class_name]
        )
        if category_name not in categories:
            existing = category_model.objects.filter(name=category_name).first()
            categories[category_name] = existing or category_model.add_root(name=category_name)
        product, created = product_model.objects.get_or_create(
            upc=upc,
            defaults={
                "title": title,
                "product_class": product_class,
                "structure": "standalone",
                "is_public": True,
            },
        )
        if created:
            product_category_model.objects.create(
                product=product, category=categories[category_name]
            )
        category_translation_set(
            category=categories[category_name], name_zh=DEMO_CATEGORIES_ZH[category_name]
        )
        product_translation_set(product=product, title_zh=DEMO_TITLES_ZH[upc])
        stock_record_model.objects.update_or_create(
            product=product,
            partner=partner,
            defaults={"partner_sku": upc, "price_currency": "CNY", "price": price},
        )
    for row in DEMO_FABRICS:
        code, en, zh, composition, gsm, colour, pattern, width, price, stock, suits = row
        Fabric.objects.update_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_zh": zh,
                "composition": composition,
                "composition_zh": DEMO_COMPOSITIONS_ZH[composition],
                "weight_gsm": gsm,
                "colour": colour,
                "pattern": pattern,
                "width_cm": Decimal(width),
                "price_per_metre": Decimal(price),
                "metres_in_stock": Decimal(stock),
                "for_shirts": suits[0],
                "for_trousers": suits[1],
                "for_jackets": suits[2],
            },
        )
    for position, (garment_type, code, en, zh, choices) in enumerate(DEMO_OPTIONS):
        option, _ = GarmentOption.objects.update_or_create(
            garment_type=garment_type,
            code=code,
            defaults={"name_en": en, "name_zh": zh, "position": position},
        )
        for choice_position, (c_code, c_en, c_zh, surcharge, default) in enumerate(choices):
            OptionChoice.objects.update_or_create(
                option=option,
                code=c_code,
                defaults={
                    "name_en": c_en,
                    "name_zh": c_zh,
                    "surcharge": Decimal(surcharge),
                    "is_default": default,
                    "position": choice_position,
                    "switches_off_dependents": (code, c_code) in DEMO_SWITCHES_OFF,
                },
            )
    for option in GarmentOption.objects.filter(code__in=DEMO_DEPENDENCIES):
        option.depends_on = GarmentOption.objects.get(
            garment_type=option.garment_type, code=DEMO_DEPENDENCIES[option.code]
        )
        option.save(update_fields=["depends_on"])
    for upc, (fabric_codes, excluded) in DEMO_OFFERS.items():
        product = product_model.objects.get(upc=upc)
        offer, _ = StyleOffer.objects.get_or_create(product=product)
        offer.fabrics.set(Fabric.objects.filter(code__in=fabric_codes))
        garment_type = product.product_class.garment_style.garment_type
        offer.excluded_choices.set(
            OptionChoice.objects.filter(
                option__garment_type=garment_type,
                option__code=option_code,
                code=choice_code,
            ).get()
            for option_code, choice_code in excluded
        )
    style_catalogue_version_bump()  # the offers' fabrics and choices were set
    return product_model.objects.count()


@transaction.atomic
def demo_countries_load() -> int:
    """Mainland China as the country garments ship to (checkout needs one)."""
    country_model = apps.get_model("address", "Country")
    country_model.objects.update_or_create(
        iso_3166_1_a2="CN",
        defaults={
            "iso_3166_1_a3": "CHN",
            "iso_3166_1_numeric": "156",
            "name": "People's Republic of China",
            "printable_name": "China",
            "is_shipping_country": True,
            "display_order": 1,
        },
    )
    return country_model.objects.filter(is_shipping_country=True).count()


@transaction.atomic
def demo_users_load() -> tuple[DemoLogin, ...]:
    """Create (or reset the passwords of) the demo customer, factory user and staff user."""
    user_model = get_user_model()
    factory_group, _ = Group.objects.get_or_create(name=FACTORY_GROUP)
    for login in DEMO_LOGINS:
        user = user_model.objects.filter(email=login.email).first()
        if user is None:
            user = user_model(username=login.email[:30], email=login.email)
        user.is_staff = login.role == "staff"
        user.is_superuser = login.role == "staff"
        user.first_name = login.role.capitalize()
        user.last_name = "Demo"
        user.set_password(login.password)
        user.save()
        if login.role == "factory":
            user.groups.add(factory_group)
    return DEMO_LOGINS
