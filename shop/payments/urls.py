from django.urls import path

from shop.payments import views

app_name = "payments"

urlpatterns = [
    path("checkout/payment/<str:payment_intent_id>/", views.payment_complete, name="complete"),
    path(
        "checkout/payment/<str:payment_intent_id>/confirm/",
        views.payment_card_confirm,
        name="confirm",
    ),
]

webhook_urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
