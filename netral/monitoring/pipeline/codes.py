"""The catalogue codes a flagged item may fall under: asked of the rules app, never decided here.

The rules app knows the stage (bakal calon before the designation day, calon from it), the
election kind and the interaction; the detector only supplies the facts it has.
"""

import datetime as dt

from netral.registry.election_file import ElectionFile
from netral.rules import decision


def codes_for(*, kind: str, incident_date: dt.date | None, election: ElectionFile) -> list[str]:
    """Codes for an ASN's post/share/comment/like on that date; empty when the date is unknown."""
    codes = decision.codes_for_interaction(
        kind, incident_date, election.designation_day, election.family
    )
    return list(codes)
