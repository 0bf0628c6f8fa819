"""Connectors: read an export file from a platform or a collector into RawItems.

A new platform collector is a subclass of `base.Connector` with a `read(file)` method; the
import service does the rest (hashing, deduplication, detection, evidence). See
docs/monitoring.md, "Connectors".
"""

from netral.monitoring.connectors.base import KINDS, Connector, RawItem, RowProblem
from netral.monitoring.connectors.csv import CsvConnector
from netral.monitoring.connectors.jsonl import JsonlConnector

CONNECTORS: dict[str, type[Connector]] = {"jsonl": JsonlConnector, "csv": CsvConnector}


def for_file_name(name: str) -> Connector:
    """The connector for a file name's extension (.csv, otherwise JSON lines)."""
    return CsvConnector() if name.lower().endswith(".csv") else JsonlConnector()


__all__ = [
    "CONNECTORS",
    "KINDS",
    "Connector",
    "CsvConnector",
    "JsonlConnector",
    "RawItem",
    "RowProblem",
    "for_file_name",
]
