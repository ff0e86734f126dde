from django.urls import path

from shop.payments import views

app_name = "payments"

urlpatterns = [
    path(
        "accounts/orders/<str:number>/garments/<int:line_id>/measurements/",
        views.garment_correct,
        name="correct",
    ),
    path("accounts/orders/corrections/<int:pk>/pay/", views.correction_pay, name="correction-pay"),
    path(
        "accounts/orders/corrections/<int:pk>/confirm/",
        views.correction_confirm,
        name="correction-confirm",
    ),
    path(
        "accounts/orders/<str:number>/garments/<int:line_id>/cancel/",
        views.order_line_cancel,
        name="line-cancel",
    ),
    path("dashboard/garments/orders/<str:number>/refund/", views.order_refund, name="refund"),
    path("checkout/payment/<str:payment_intent_id>/", views.payment_complete, name="complete"),
    path(
        "checkout/payment/<str:payment_intent_id>/confirm/",
        views.payment_card_confirm,
        name="confirm",
    ),
]

webhook_urlpatterns = [
    path(
        "accounts/orders/<str:number>/garments/<int:line_id>/cancel/",
        views.order_line_cancel,
        name="line-cancel",
    ),
    path("dashboard/garments/orders/<str:number>/refund/", views.order_refund, name="refund"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
