"""A factory user reaches only their own factories; staff reach all."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from factory.models import FactoryMembership
from factory.selectors import factories_for_user, factory_for_user_or_404
from tests.factory.builders import make_factory, make_member, make_user

pytestmark = pytest.mark.django_db


def test_factory_user_sees_only_their_factory() -> None:
    mine, theirs = make_factory("HZ-01"), make_factory("XA-02")
    user = make_member("hz-operator", mine)

    assert list(factories_for_user(user=user)) == [mine]
    assert factory_for_user_or_404(user=user, factory_code="HZ-01") == mine
    with pytest.raises(Http404):
        factory_for_user_or_404(user=user, factory_code=theirs.code)
    with pytest.raises(Http404):
        factory_for_user_or_404(user=user, factory_code="NO-SUCH")


def test_member_of_two_factories_sees_both_once() -> None:
    first, second = make_factory("HZ-01"), make_factory("XA-02")
    make_factory("XY-03")
    user = make_member("manager", first, role="manager")
    FactoryMembership.objects.create(user=user, factory=second, role="manager")

    assert sorted(f.code for f in factories_for_user(user=user)) == ["HZ-01", "XA-02"]


def test_staff_see_all_factories() -> None:
    make_factory("HZ-01")
    make_factory("XA-02")
    staff = make_user("staff", is_staff=True)

    assert sorted(f.code for f in factories_for_user(user=staff)) == ["HZ-01", "XA-02"]
    assert factory_for_user_or_404(user=staff, factory_code="XA-02").code == "XA-02"


def test_customers_inactive_users_and_anonymous_see_none() -> None:
    factory = make_factory("HZ-01")
    customer = make_user("customer")
    inactive = make_member("left", factory)
    inactive.is_active = False
    inactive.save()

    for user in (customer, inactive, AnonymousUser(), None):
        assert list(factories_for_user(user=user)) == []
        with pytest.raises(Http404):
            factory_for_user_or_404(user=user, factory_code="HZ-01")
