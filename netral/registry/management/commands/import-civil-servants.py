"""netral import-civil-servants FILE [--dry-run] [--valid-only] [--report FILE]"""

from typing import Any

from netral.registry import importers
from netral.registry import services as registry_services
from netral.registry.management.importing import ImportCommand
from netral.registry.services.rows import UpsertResult


class Command(ImportCommand):
    help = "Creates or updates civil servants (by NIP) from a CSV or XLSX file; see docs/data.md."
    table_format = importers.CIVIL_SERVANTS

    def upsert(self, **arguments: Any) -> UpsertResult:
        return registry_services.upsert_civil_servants(**arguments, today=self.today())
