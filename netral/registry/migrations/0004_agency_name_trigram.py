# Written by hand: the agency name search's trigram index, on PostgreSQL only (decision 0176).

from django.db import migrations

# The agency search (selectors.autocomplete_agencies) matches `search_name` by LIKE '%word%' on
# every word and, on PostgreSQL, by word similarity (`%>`); one GIN trigram index serves both.
# SQLite keeps its plain scan: the index exists only on PostgreSQL, so it is not on the model.
SEARCH_INDEX = "registry_agency_name_trgm"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # pg_trgm is a trusted extension (the database owner may create it). It is shared with
        # cases_case_search_trgm, so going back drops this index only, never the extension.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON registry_agency "
            "USING gin (search_name gin_trgm_ops)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_election_family")]

    operations = [migrations.RunPython(create_search_index, drop_search_index, elidable=False)]
