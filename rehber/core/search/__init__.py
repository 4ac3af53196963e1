"""Search across guides, laws, listings and services in every language (DESIGN §3 "Search").

- ``analysis``: the text analyser, one pipeline for indexing and queries (pure Python);
- ``ranking``: BM25 as FTS5 computes it, and each engine's query syntax (pure Python);
- ``models``: ``SearchEntry``, one document in one language (app label ``core``);
- ``backends``: SQLite FTS5 and PostgreSQL, ranking identically;
- ``registry``: apps register the kinds of documents they index;
- ``services``: writes (index, remove, reindex); ``tasks``: re-indexing one key later;
- ``selectors``: ``search()``, grouped by document and shown in the reader's language;
- ``forms``: the search page's form.
"""
