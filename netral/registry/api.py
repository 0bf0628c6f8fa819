"""JSON endpoints of the registry app."""

from ninja import Router

router = Router()
