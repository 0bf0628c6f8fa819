"""Holidays: seeded, edited only by administrators, and the admin calls the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from netral.rules import policies, selectors, services
from netral.rules.models import Holiday


@pytest.mark.django_db
def test_the_migration_seeds_the_shipped_holidays():
    assert Holiday.objects.filter(date=dt.date(2024, 4, 10)).exists()
    assert dt.date(2026, 3, 20) in selectors.holiday_dates()


@pytest.mark.django_db
def test_load_holidays_keeps_edits_unless_overwrite():
    Holiday.objects.filter(date=dt.date(2024, 1, 1)).update(name="Diubah")
    Holiday.objects.filter(date=dt.date(2025, 1, 1)).delete()
    assert services.load_holidays() == (1, 0)
    assert Holiday.objects.get(date=dt.date(2024, 1, 1)).name == "Diubah"
    created, updated = services.load_holidays(overwrite=True)
    assert created == 0 and updated > 0
    assert Holiday.objects.get(date=dt.date(2024, 1, 1)).name == "Tahun Baru 2024 Masehi"


@pytest.mark.django_db
def test_command_reports_what_it_did(capsys):
    call_command("load-holidays")
    assert "0 added" in capsys.readouterr().out


@pytest.mark.django_db
def test_inactive_holidays_do_not_count():
    Holiday.objects.filter(date=dt.date(2024, 4, 10)).update(is_active=False)
    assert dt.date(2024, 4, 10) not in selectors.holiday_dates()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [(None, False), ("bawaslu_bantul_officer", False), ("bkn_officer", False), ("admin", True)],
    indirect=["actor"],
)
def test_only_administrators_edit_holidays(actor, allowed):
    from django.contrib.auth.models import AnonymousUser

    user = actor or AnonymousUser()
    holiday = Holiday(date=dt.date(2028, 1, 1), name="Tahun Baru", kind="national", source="SKB")
    assert policies.can_edit_holidays(user) is allowed
    if allowed:
        services.save_holiday(holiday=holiday, by=user)
        assert services.mark_holidays_verified(holidays=[holiday], by=user) == 1
        services.delete_holiday(holiday=holiday, by=user)
    else:
        with pytest.raises(PermissionDenied):
            services.save_holiday(holiday=holiday, by=user)
        assert not Holiday.objects.filter(date=dt.date(2028, 1, 1)).exists()
    assert policies.visible_holidays(user).filter(is_active=False).count() == 0


@pytest.mark.django_db
def test_admin_adds_and_verifies_a_holiday(client, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/rules/holiday/add/",
        {
            "date": "2028-01-01",
            "name": "Tahun Baru 2028",
            "kind": "national",
            "source": "SKB 2027",
            "confidence": "P",
            "note": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    holiday = Holiday.objects.get(date=dt.date(2028, 1, 1))
    client.post(
        "/admin/rules/holiday/",
        {"action": "mark_verified", "_selected_action": [holiday.pk]},
    )
    holiday.refresh_from_db()
    assert holiday.confidence == "V"
