"""Insights tests reuse the case fixtures (a Bantul agency, election and case walkers)."""

from netral.cases.tests.conftest import (  # noqa: F401 - fixtures
    at_bkn,
    at_ppk,
    bantul_gov,
    decree_storage,
    disdik_bantul,
    now,
    open_case,
    pilkada_bantul,
    servant,
)
