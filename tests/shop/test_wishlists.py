"""Wish lists (Oscar's) read in the customer's language."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_new_wish_list_form_explains_sharing_in_chinese(client: Client) -> None:
    client.force_login(get_user_model().objects.create_user(username="w", email="w@example.com"))

    zh = client.get("/zh-hans/accounts/wishlists/create/").content.decode()
    en = client.get("/en/accounts/wishlists/create/").content.decode()

    assert "<h3>分享心愿单</h3>" in zh
    assert "如果想与他人分享您的心愿单，请在下方添加对方的电子邮箱地址。" in zh
    assert "Share wish" not in zh and "If you want to share" not in zh
    assert "<h3>Share wish list</h3>" in en
