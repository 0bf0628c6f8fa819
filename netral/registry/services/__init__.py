"""Use-cases of the registry: every write to regions, agencies, civil servants and elections.

Other apps call these through the module: `from netral.registry import services as
registry_services`, then `registry_services.upsert_agencies(rows=...)`.
"""

from netral.registry.services.agencies import upsert_agencies
from netral.registry.services.civil_servants import declare_social_account, upsert_civil_servants
from netral.registry.services.elections import load_election_file
from netral.registry.services.regions import RegionLoadResult, load_regions, read_region_file
from netral.registry.services.rows import RowProblem, UpsertResult

__all__ = [
    "RegionLoadResult",
    "RowProblem",
    "UpsertResult",
    "declare_social_account",
    "load_election_file",
    "load_regions",
    "read_region_file",
    "upsert_agencies",
    "upsert_civil_servants",
]
