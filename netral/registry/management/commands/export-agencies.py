"""netral export-agencies FILE.csv|FILE.xlsx: the same columns the importer reads."""

from netral.registry import importers
from netral.registry.management.exporting import ExportCommand


class Command(ExportCommand):
    help = "Writes all agencies to a CSV or XLSX file that re-imports unchanged."

    def export(self, path: str) -> int:
        return importers.export_agencies(path)
