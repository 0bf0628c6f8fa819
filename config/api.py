"""The JSON API: one NinjaAPI, each app contributes a router. OpenAPI at /api/openapi.json."""

from netral.accounts import api as accounts_api
from netral.cases import api as cases_api
from netral.core import api as core_api
from netral.monitoring import api as monitoring_api
from netral.registry import api as registry_api
from netral.reports import api as reports_api
from netral.rules import api as rules_api
from netral.transparency import api as transparency_api

api = core_api.NetralAPI(
    title="Netral API",
    version="1",
    description="Reporting, case handling and reference data for ASN neutrality supervision.",
    urls_namespace="api",
    docs_url="/docs",
)
core_api.install_error_handlers(api)
# Reports first: the resolver tries the routes in this order, and on an election day most
# requests are reports (the published OpenAPI lists them first too).
api.add_router("/reports/", reports_api.router, tags=["reports"])
api.add_router("/accounts/", accounts_api.router, tags=["accounts"])
api.add_router("/registry/", registry_api.router, tags=["registry"])
api.add_router("/rules/", rules_api.router, tags=["rules"])
api.add_router("/cases/", cases_api.router, tags=["cases"])
api.add_router("/monitoring/", monitoring_api.router, tags=["monitoring"])
api.add_router("/public/", transparency_api.router, tags=["public"])
