"""Background work for the search index (django-tasks).

Apps queue ``search_index_key`` after a write commits::

    transaction.on_commit(lambda: search_index_key.enqueue(kind, key))

(or call ``services.search_index_key_after_commit(kind=..., key=...)``).
"""

from django_tasks import task

from rehber.core.search.services import search_key_index


@task()
def search_index_key(kind: str, key: str) -> int:
    """Index every language of one document again; drop languages it no longer has."""
    return search_key_index(kind=kind, key=key)
