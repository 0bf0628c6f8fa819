"""JSON endpoints of the rules app."""

from ninja import Router

router = Router()
