import pytest

from netral.registry.models import Region


@pytest.mark.parametrize(
    ("code", "top", "expected"),
    [
        ("34.02", "34.02", True),  # the region itself
        ("34.02.15.2001", "34.02", True),  # a village below it
        ("34.04", "34.02", False),  # a sibling
        ("34.020", "34.02", False),  # a longer code is not a child without the dot
        ("34", "34.02", False),  # the parent lies above
        ("", "34", False),  # no region: only the whole country covers it
        (None, "34", False),
        (None, "", True),  # "" is the whole country
        ("34.02", "", True),
    ],
)
def test_lies_within(code, top, expected):
    assert Region.lies_within(code, top) is expected


def test_lies_within_any_needs_one_covering_top():
    assert Region.lies_within_any("34.02.15", ["51", "34.02"]) is True
    assert Region.lies_within_any("34.02.15", ["51", "34.04"]) is False
    assert Region.lies_within_any("34.02.15", []) is False


def test_contains_is_lies_within_from_the_region(regions):
    assert regions["bantul"].contains("34.02.15") is True
    assert regions["bantul"].contains("34.04") is False


def test_within_q_keeps_the_subtree(regions):
    codes = set(
        Region.objects.filter(Region.within_q(["34.02"], "code")).values_list("code", flat=True)
    )
    assert codes == {"34.02", "34.02.15", "34.02.15.2001"}


def test_within_q_with_the_whole_country_keeps_every_row(regions):
    assert Region.objects.filter(Region.within_q(["", "34.02"], "code")).count() == 5


def test_within_q_with_no_top_keeps_nothing(regions):
    assert not Region.objects.filter(Region.within_q([], "code")).exists()


def test_within_q_joins_several_tops(regions):
    found = Region.objects.filter(Region.within_q(["34.04", "34.02.15"], "code"))
    assert set(found.values_list("code", flat=True)) == {"34.04", "34.02.15", "34.02.15.2001"}


def test_an_election_covers_its_region_and_below_a_national_one_everywhere(db, regions):
    from netral.registry.models import Election
    from netral.registry.tests.factories import ElectionFactory

    sleman = ElectionFactory(region=regions["sleman"])
    assert sleman.covers("34.04") and sleman.covers("34.04.01")
    assert not sleman.covers("34.02") and not sleman.covers("34") and not sleman.covers(None)
    governor = ElectionFactory(region=regions["diy"], kind=Election.Kind.GOVERNOR)
    assert governor.covers("34.02") and governor.covers("34.04")
    assert not governor.covers("35.01")
    pemilu = ElectionFactory(region=regions["diy"], kind=Election.Kind.PRESIDENT)
    assert pemilu.covers("51.01") and pemilu.covers(None)
    assert ElectionFactory(region=None).covers("51.01")
