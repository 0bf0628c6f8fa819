"""The migration that re-chains existing timelines under the key (0007) checks before it hashes."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from netral.cases import timeline

rechain = importlib.import_module("netral.cases.migrations.0007_rechain_timeline_under_key")


class _PlainApps:
    """The app registry as a migration sees it: models without the append-only manager."""

    def get_model(self, app_label, name):
        model = apps.get_model(app_label, name)
        return type(name, (), {"objects": model._base_manager})


def test_old_chains_are_rechained_under_the_key_and_back(at_bkn):
    rechain.rechain_without_key(_PlainApps(), None)  # as the timeline was before the key
    assert timeline.verify_case(at_bkn).reason == "content"
    rechain.rechain_under_key(_PlainApps(), None)
    assert timeline.verify_case(at_bkn) is None


def test_a_broken_old_chain_stops_the_migration(at_bkn, monkeypatch):
    rechain.rechain_without_key(_PlainApps(), None)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseevent SET payload = '{}' WHERE case_id = %s", [at_bkn.pk])
    with pytest.raises(RuntimeError, match=at_bkn.code):
        rechain.rechain_under_key(_PlainApps(), None)
    monkeypatch.setenv("NETRAL_RECHAIN_BROKEN", "1")
    rechain.rechain_under_key(_PlainApps(), None)
    at_bkn.refresh_from_db()
    assert timeline.verify_case(at_bkn) is None
