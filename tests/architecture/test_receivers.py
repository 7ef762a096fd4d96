"""Receivers connect to the models they are about (issue 27): saving an unrelated model
runs none of the project's model-signal receivers, and the ones that matter still run."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models.signals import post_delete, post_save, pre_save

from wagtail.models import Collection, Page

import pytest

from home.models import NewsPage
from publicity.models import DisclosurePage
from sites.models import School
from tests.factories import make_school

PROJECT_MODULES = ("sites.", "home.", "publicity.", "cms.")


def project_receivers(signal, sender):
    sync, async_ = signal._live_receivers(sender)
    return [r for r in [*sync, *async_] if r.__module__.startswith(PROJECT_MODULES)]


@pytest.mark.parametrize("model", [get_user_model(), Session, Collection])
def test_unrelated_models_run_no_project_receiver(model):
    for signal in (pre_save, post_save, post_delete):
        assert project_receivers(signal, model) == []


@pytest.mark.django_db
def test_saving_a_user_runs_no_receiver():
    """Counted where it happens: a user save calls none of the receivers that used to be
    connected to every model."""
    targets = [
        "sites.cache.invalidate_all",
        "sites.cache.invalidate_hosts",
        "sites.routing.invalidate",
        "publicity.rollup.invalidate_cached",
        "publicity.retention.retained_disclosures_under",
    ]
    patches = [mock.patch(target) for target in targets]
    mocks = [p.start() for p in patches]
    try:
        get_user_model().objects.create_user("nguoi-dung", password="x" * 12)
        Collection.get_first_root_node().add_child(name="Bộ sưu tập")
    finally:
        for p in patches:
            p.stop()
    assert [m.call_count for m in mocks] == [0] * len(targets)


def test_the_receivers_that_matter_are_connected():
    assert project_receivers(post_save, School)  # page cache, hosts, roll-up
    assert project_receivers(post_save, NewsPage)  # page cache, site roots
    assert project_receivers(post_delete, Page)
    assert project_receivers(pre_save, NewsPage)  # five-year retention
    modules = {r.__module__ for r in project_receivers(post_save, DisclosurePage)}
    assert {"publicity.signals", "sites.cache", "sites.routing"} <= modules


@pytest.mark.django_db
def test_a_school_save_still_clears_routes_and_the_rollup():
    school = make_school("THCS Kim Đồng", level="THCS")
    with (
        mock.patch("sites.routing.invalidate") as routes,
        mock.patch("publicity.rollup.invalidate_cached") as rollup,
    ):
        school.name = "THCS Kim Đồng mới"
        school.save()
    assert routes.call_count >= 1
    assert rollup.call_count == 1
