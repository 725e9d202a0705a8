"""The search backend: Wagtail's database backend, with quotes kept from breaking SQLite's.

On SQLite (the embedded run) the backend puts each search term in double quotes for FTS5 but
leaves the term's own quotes as they are, so a search for «"grønn" økonomi», on the public
search page or in the admin, ended in a syntax error instead of results. PostgreSQL's backend
reads quotes as text already.
"""

from functools import cache

from wagtail.search.backends import database


@cache
def _quote_safe(sqlite_backend_class):
    # Made on first use: the SQLite backend's module may only be imported on SQLite.
    class QuoteSafeSQLiteSearchBackend(sqlite_backend_class):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = query.replace('"', " ").strip()
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    return QuoteSafeSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend's module
    backend = database.SearchBackend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        return _quote_safe(type(backend))(params)
    return backend
