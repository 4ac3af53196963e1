"""The search index on the real database: services, ranking, grouping, page, API, command.

Documents come from a provider of kind "test" that each test fills; nothing
depends on other apps' content.
"""

import random
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rehber.core.models import Province
from rehber.core.search import ranking, registry
from rehber.core.search.backends import Restriction, backend_get, raw_query
from rehber.core.search.models import SearchEntry
from rehber.core.search.ranking import MatchMode
from rehber.core.search.registry import SearchDocument
from rehber.core.search.selectors import search, search_terms
from rehber.core.search.services import (
    search_document_index,
    search_document_remove,
    search_index_key_after_commit,
    search_key_index,
    search_reindex,
)
from rehber.core.search.tasks import search_index_key

pytestmark = pytest.mark.django_db

KIND = "test"


def document(key: str, language: str, title: str, text: str = "", kind: str = KIND):
    return SearchDocument(
        kind=kind,
        key=key,
        language=language,
        slug=key,
        title=title,
        text=text,
        url=f"/{language}/test/{key}/",
    )


class Provider:
    """What an app would hand to the index: documents by key, changed at will."""

    def __init__(self):
        self.documents: dict[str, list[SearchDocument]] = {}

    def add(self, *documents: SearchDocument) -> None:
        for item in documents:
            current = [
                other
                for other in self.documents.get(item.key, [])
                if other.language != item.language
            ]
            self.documents[item.key] = [*current, item]

    def all_documents(self):
        return [item for items in self.documents.values() for item in items]

    def documents_for_key(self, key):
        return list(self.documents.get(key, []))


@pytest.fixture
def provider():
    provider = Provider()
    registry.register(
        KIND, all_documents=provider.all_documents, documents_for_key=provider.documents_for_key
    )
    yield provider
    registry.unregister(KIND)


def index(*documents: SearchDocument) -> None:
    for item in documents:
        search_document_index(document=item)


def work_permit_documents():
    return [
        document(
            "work-permit",
            "en",
            "Getting a work permit",
            "Your employer applies for your work permit online. Permits last one year.",
        ),
        document(
            "work-permit",
            "tr",
            "Çalışma izni almak",
            "İşvereniniz çalışma izni başvurusunu e-Devlet üzerinden yapar.",
        ),
        document(
            "work-permit",
            "ar",
            "الحصول على إذن العمل",
            "يقدّم صاحب العمل طلب إذن العمل عبر الإنترنت، ويكون الإذن صالحاً لسنة واحدة.",
        ),
        document(
            "work-permit",
            "fa",
            "گرفتن اجازه‌ی کار",
            "کارفرمای شما درخواست اجازه‌ی کار را به صورت آنلاین می‌دهد.",
        ),
    ]


def other_documents():
    return [
        document("bank-account", "en", "Opening a bank account", "Banks ask for your kimlik."),
        document("bank-account", "tr", "Banka hesabı açmak", "Bankalar kimliğinizi ister."),
        document("health", "en", "Health care", "Hospitals and family doctors are free."),
        document("school", "en", "School enrollment", "Children go to school for free."),
        document("travel", "en", "Travel permit", "Ask for a travel permit before you travel."),
    ]


@pytest.fixture
def corpus(provider):
    provider.add(*work_permit_documents(), *other_documents())
    search_reindex(kinds=[KIND])
    return provider


# Services ---------------------------------------------------------------------------------


def test_indexing_stores_the_analysed_terms(provider):
    index(document("k", "en", "Work permits", "Apply online for the permit."))
    entry = SearchEntry.objects.get(kind=KIND, key="k", language="en")
    assert entry.title_tokens == "work permit permits"
    assert entry.tokens == "appli apply onlin online for the permit"
    assert entry.length == 10
    assert (entry.title, entry.slug, entry.url) == ("Work permits", "k", "/en/test/k/")


def test_indexing_again_replaces_the_entry(provider):
    index(document("k", "en", "Work permit"))
    index(document("k", "en", "Bank account"))
    assert SearchEntry.objects.filter(kind=KIND, key="k").count() == 1
    assert search(query="bank", language="en")[0].title == "Bank account"
    assert search(query="work", language="en") == []


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": ""},
        {"key": " "},
        {"language": ""},
        {"url": ""},
        {"key": "k" * 201},
        {"title": "t" * 301},
    ],
)
def test_indexing_refuses_incomplete_documents(provider, bad):
    fields = {**document("k", "en", "Title").__dict__, **bad}
    with pytest.raises(ValueError):
        search_document_index(document=SearchDocument(**fields))


def test_removing_one_language_or_every_language(corpus):
    search_document_remove(kind=KIND, key="work-permit", language="fa")
    assert set(
        SearchEntry.objects.filter(key="work-permit").values_list("language", flat=True)
    ) == {"ar", "en", "tr"}
    search_document_remove(kind=KIND, key="work-permit")
    assert not SearchEntry.objects.filter(key="work-permit").exists()
    assert search(query="work permit", language="en")[0].key == "travel"


def test_task_indexes_every_language_of_a_key_and_drops_the_missing_ones(provider):
    provider.add(*work_permit_documents())
    result = search_index_key.enqueue(KIND, "work-permit")
    assert result.return_value == 4
    assert SearchEntry.objects.filter(key="work-permit").count() == 4
    provider.documents["work-permit"] = [
        item for item in provider.documents["work-permit"] if item.language in {"en", "tr"}
    ]
    assert search_key_index(kind=KIND, key="work-permit") == 2
    assert set(
        SearchEntry.objects.filter(key="work-permit").values_list("language", flat=True)
    ) == {"en", "tr"}
    del provider.documents["work-permit"]
    assert search_key_index(kind=KIND, key="work-permit") == 0
    assert not SearchEntry.objects.filter(key="work-permit").exists()


def test_indexing_after_commit(provider, django_capture_on_commit_callbacks):
    provider.add(*work_permit_documents())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        search_index_key_after_commit(kind=KIND, key="work-permit")
        assert not SearchEntry.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    assert SearchEntry.objects.filter(key="work-permit").count() == 4


def test_unknown_kind_is_refused(provider):
    with pytest.raises(ValueError):
        search_key_index(kind="nothing-registers-this", key="x")
    with pytest.raises(ValueError):
        search_reindex(kinds=["nothing-registers-this"])


def test_reindex_rebuilds_one_kind(corpus):
    search_document_remove(kind=KIND, key="health")
    index(document("stale", "en", "Not from the provider"))
    assert search_reindex(kinds=[KIND]) == 9
    keys = set(SearchEntry.objects.filter(kind=KIND).values_list("key", flat=True))
    assert keys == {"work-permit", "bank-account", "health", "school", "travel"}


def test_full_reindex_drops_kinds_nobody_registers(corpus):
    index(document("orphan", "en", "Orphan", kind="gone"))
    written = search_reindex()
    assert written >= 9
    assert not SearchEntry.objects.filter(kind="gone").exists()
    assert search(query="hospitals", language="en")[0].key == "health"


def test_reindex_refuses_a_provider_giving_a_document_twice(provider):
    provider.documents["twice"] = [document("twice", "en", "One"), document("twice", "en", "Two")]
    with pytest.raises(ValueError):
        search_reindex(kinds=[KIND])


def test_reindex_command(corpus):
    from io import StringIO

    out = StringIO()
    call_command("search_reindex", "--kind", KIND, stdout=out)
    assert "Indexed 9 entries" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("search_reindex", "--kind", "nothing-registers-this", stdout=StringIO())


# Searching --------------------------------------------------------------------------------


def test_results_are_grouped_by_document_and_shown_in_the_readers_language(corpus):
    results = search(query="permit", language="tr")
    assert [result.key for result in results] == ["travel", "work-permit"]
    results = search(query="work permit", language="tr")
    assert [result.key for result in results] == ["work-permit"]  # one result, four entries
    first = results[0]
    assert (first.lang, first.title, first.url) == (
        "tr",
        "Çalışma izni almak",
        "/tr/test/work-permit/",
    )
    assert first.direction == "ltr"


def test_an_english_query_finds_the_arabic_entry_for_an_arabic_reader(corpus):
    (first, *_rest) = search(query="employer applies online", language="ar")
    assert first.key == "work-permit"
    assert first.lang == "ar"
    assert first.direction == "rtl"
    assert first.title == "الحصول على إذن العمل"


def test_queries_in_each_language_find_the_document(corpus):
    for language, query in [
        ("tr", "calisma izni"),
        ("tr", "ÇALIŞMA İZNİ"),
        ("ar", "اذن العمل"),
        ("fa", "اجازه کار"),
        ("fa", "اجازهي كار"),
        ("en", "permits"),
    ]:
        results = search(query=query, language=language)
        assert results, query
        assert results[0].key == "work-permit", (query, [r.key for r in results])
        assert results[0].lang == language


def test_without_a_readers_entry_the_matched_language_is_shown(corpus):
    (first,) = search(query="hospitals", language="fa")
    assert (first.key, first.lang, first.direction) == ("health", "en", "ltr")


def test_every_word_must_match_unless_no_document_has_them_all(corpus):
    results = search(query="travel permit", language="en")
    assert [result.key for result in results] == ["travel"]
    # No document speaks of hospitals and banks: those with either come, best first.
    results = search(query="hospitals banks", language="en")
    assert {result.key for result in results} == {"health", "bank-account"}


def test_title_words_weigh_more_than_text_words(provider):
    index(
        document("in-title", "en", "Residence permit", "Documents you need."),
        document("in-text", "en", "Documents", "Bring the residence permit you have."),
        *[document(f"filler-{n}", "en", f"Topic {n}", "Nothing related.") for n in range(6)],
    )
    assert [result.key for result in search(query="residence permit", language="en")] == [
        "in-title",
        "in-text",
    ]


def test_kinds_filter(corpus):
    index(document("permit-law", "en", "Work permit law", kind="law"))
    assert {result.kind for result in search(query="permit", language="en", kinds=["law"])} == {
        "law"
    }
    assert "law" in {result.kind for result in search(query="permit", language="en")}


def test_snippets_mark_the_matched_words(corpus):
    (first, *_rest) = search(query="calisma", language="tr")
    assert "<mark>çalışma</mark>" in first.snippet


def test_odd_queries_find_nothing_quietly(corpus):
    for query in ["", "   ", "!!! ??? ...", "\x00\x01\x02", "a" * 10_000, "🙂"]:
        assert search(query=query, language="en") == []
    assert search(query="work " * 1000, language="en")[0].key == "work-permit"


def test_search_runs_a_handful_of_queries(corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert search(query="work permit", language="ar")


# Ranking: the same BM25 on every database -------------------------------------------------


def reference_ranking(groups, mode):
    """BM25 computed here from the stored terms, exactly as FTS5 does: (entry id, score)."""
    entries = list(SearchEntry.objects.values_list("id", "title_tokens", "tokens", "length"))
    n_rows = len(entries)
    avgdl = ranking.average_length(n_rows, sum(entry[3] for entry in entries))
    titles = {entry[0]: Counter(entry[1].split()) for entry in entries}
    texts = {entry[0]: Counter(entry[2].split()) for entry in entries}
    assert all(len(titles[id_]) + len(texts[id_]) <= length for id_, *_, length in entries)
    phrases = ranking.phrases(groups)
    holding = [
        sum(1 for id_, *_ in entries if term in titles[id_] or term in texts[id_])
        for term in phrases
    ]
    idfs = [ranking.idf(n_rows, n_hit) for n_hit in holding]
    scored = []
    for entry_id, _title, _text, length in entries:
        title, text = titles[entry_id], texts[entry_id]
        if ranking.matches(title.keys() | text.keys(), groups, mode):
            score = ranking.entry_score(
                [float(text[term]) for term in phrases],
                [float(title[term]) for term in phrases],
                idfs,
                length,
                avgdl,
            )
            scored.append((entry_id, score))
    return sorted(scored, key=lambda item: (-item[1], item[0]))


@pytest.fixture
def random_corpus(provider):
    """Entries in four languages whose words repeat a lot, so that scores differ finely."""
    rng = random.Random(6458)
    words = {
        "en": ["permit", "work", "residence", "family", "bank", "school", "card", "office"],
        "tr": ["izin", "çalışma", "ikamet", "aile", "banka", "okul", "kart", "göç"],
        "ar": ["إقامة", "عمل", "عائلة", "بنك", "مدرسة", "بطاقة", "مكتب", "إذن"],
        "fa": ["اقامت", "کار", "خانواده", "بانک", "مدرسه", "کارت", "دفتر", "اجازه"],
    }
    for number in range(40):
        for language, vocabulary in words.items():
            if rng.random() < 0.2:
                continue
            title = " ".join(rng.choices(vocabulary, k=rng.randint(1, 3)))
            text = " ".join(rng.choices(vocabulary, k=rng.randint(0, 60)))
            provider.add(document(f"doc-{number}", language, title, text))
    search_reindex(kinds=[KIND])
    # Writes after the build: the engine's statistics must follow them.
    index(document("doc-0", "en", "permit permit", "work"))
    search_document_remove(kind=KIND, key="doc-1")
    search_document_remove(kind=KIND, key="doc-2", language="tr")
    return words


QUERIES = [
    ("en", "permit"),
    ("en", "work permit"),
    ("tr", "calisma izni"),
    ("tr", "aile ikamet kart"),
    ("ar", "اقامه عائله"),
    ("fa", "کارت بانکي"),
    ("en", "permit nothingmatchesthis"),
    ("fa", "دفتر office"),
]


@pytest.mark.parametrize(("language", "query"), QUERIES)
@pytest.mark.parametrize("mode", list(MatchMode))
def test_engine_ranks_exactly_as_bm25(random_corpus, language, query, mode):
    groups = search_terms(query=query, language=language)
    expected = reference_ranking(groups, mode)
    ranked = backend_get().rank(groups=groups, mode=mode, limit=10_000)
    assert [(entry.id, entry.score) for entry in ranked] == expected


@pytest.mark.parametrize(("language", "query"), QUERIES)
def test_engine_query_finds_the_same_entries(random_corpus, language, query):
    groups = search_terms(query=query, language=language)
    for mode in MatchMode:
        ranked = backend_get().rank(groups=groups, mode=mode, limit=10_000)
        raw = raw_query(groups=groups, mode=mode, limit=10_000)
        assert sorted(raw) == sorted(entry.id for entry in ranked)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's engine")
@pytest.mark.parametrize(("language", "query"), QUERIES)
def test_sqlite_order_is_fts5s_own_bm25_order(random_corpus, language, query):
    groups = search_terms(query=query, language=language)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s "
            "ORDER BY bm25(core_searchentry_fts, 0.0, 1.0) "
            "+ bm25(core_searchentry_fts, %s, 0.0), rowid",
            [ranking.fts5_expression(groups, MatchMode.ANY), ranking.TITLE_WEIGHT],
        )
        engine_order = [row[0] for row in cursor.fetchall()]
    ranked = backend_get().rank(groups=groups, mode=MatchMode.ANY, limit=10_000)
    assert [entry.id for entry in ranked] == engine_order


@pytest.mark.parametrize(("language", "query"), QUERIES)
def test_results_follow_the_best_entry_of_each_document(random_corpus, language, query):
    groups = search_terms(query=query, language=language)
    expected = reference_ranking(groups, MatchMode.ALL) or reference_ranking(groups, MatchMode.ANY)
    keys = dict(SearchEntry.objects.values_list("id", "key"))
    best: dict[str, float] = {}
    for entry_id, score in expected:
        best.setdefault(keys[entry_id], score)
    order = sorted(best, key=lambda key: (-best[key], key))[:20]
    results = search(query=query, language=language)
    assert [result.key for result in results] == order
    assert [result.score for result in results] == [best[key] for key in order]


def restriction(keys):
    """Entries whose key is one of ``keys`` (as a filtered queryset would give them)."""
    return Restriction(SearchEntry.objects.filter(key__in=keys), field="key")


@pytest.mark.parametrize(("language", "query"), QUERIES)
@pytest.mark.parametrize("mode", list(MatchMode))
def test_restricted_ranking_is_the_ranking_without_the_others(random_corpus, language, query, mode):
    groups = search_terms(query=query, language=language)
    allowed = {f"doc-{number}" for number in range(0, 40, 3)}
    backend = backend_get()
    everything = backend.rank(groups=groups, mode=mode, kinds=[KIND], limit=10_000)
    expected = [entry for entry in everything if entry.key in allowed]
    restrict = restriction(sorted(allowed))
    ranked = backend.rank(groups=groups, mode=mode, kinds=[KIND], limit=10_000, restrict=restrict)
    assert ranked == expected
    raw = raw_query(groups=groups, mode=mode, limit=10_000, kinds=[KIND], restrict=restrict)
    assert sorted(raw) == sorted(entry.id for entry in expected)
    assert backend.rank_count(groups=groups, mode=mode, kinds=[KIND], restrict=restrict) == len(
        expected
    )
    assert backend.rank_count(groups=groups, mode=mode, kinds=[KIND]) == len(everything)
    pages = [
        backend.rank(
            groups=groups, mode=mode, kinds=[KIND], limit=3, offset=offset, restrict=restrict
        )
        for offset in range(0, len(expected) + 3, 3)
    ]
    assert [entry for page in pages for entry in page] == expected
    for offset in (0, 2, len(expected), len(expected) + 5):
        page = backend.rank_page(
            groups=groups, mode=mode, kinds=[KIND], limit=4, offset=offset, restrict=restrict
        )
        assert page == (expected[offset : offset + 4], len(expected))
    sql, params = backend.match_sql(groups=groups, mode=mode, kinds=[KIND])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(
            entry.key for entry in everything
        )


def test_restriction_reaches_beyond_the_best_hits(provider):
    """An entry far down the ranking is the first one when only it is allowed."""
    provider.add(*(document(f"strong-{n}", "en", "permit permit", "permit") for n in range(8)))
    provider.add(document("weak", "en", "Office", "a permit among many other words " * 5))
    search_reindex(kinds=[KIND])
    groups = search_terms(query="permit", language="en")
    backend = backend_get()
    best = backend.rank(groups=groups, mode=MatchMode.ALL, kinds=[KIND], limit=8)
    assert "weak" not in {entry.key for entry in best}
    restrict = restriction(["weak", "nothing-has-this-key"])
    found = backend.rank(
        groups=groups, mode=MatchMode.ALL, kinds=[KIND], limit=1, restrict=restrict
    )
    assert [entry.key for entry in found] == ["weak"]
    assert backend.rank_count(groups=groups, mode=MatchMode.ALL, restrict=restrict) == 1


@pytest.mark.parametrize("field", ["pk", "name_tr"])
def test_restriction_by_a_unique_field_is_joined_and_exact(provider, field):
    """Keys that are a unique field of rows of one table: the one-lookup join gives what
    the general form gives; "12abc" is not row 12, and no row counts twice."""
    provinces = list(Province.objects.order_by("code")[:6])
    keys = [str(getattr(province, field)) for province in provinces]
    provider.add(*(document(key, "en", "permit office", "permit") for key in keys))
    provider.add(document(f"{provinces[0].pk}abc", "en", "permit office", "permit"))
    provider.add(document(keys[1], "tr", "permit", "permit"))  # a second language, one row
    search_reindex(kinds=[KIND])
    groups = search_terms(query="permit", language="en")
    allowed = Province.objects.filter(code__in=[province.code for province in provinces[:3]])
    restrict = Restriction(allowed, field=field)
    assert restrict.joinable
    backend = backend_get()
    everything = backend.rank(groups=groups, mode=MatchMode.ALL, kinds=[KIND], limit=100)
    expected = [entry for entry in everything if entry.key in set(keys[:3])]
    assert len(expected) == 4
    ranked = backend.rank(
        groups=groups, mode=MatchMode.ALL, kinds=[KIND], limit=100, restrict=restrict
    )
    assert ranked == expected
    raw = raw_query(groups=groups, mode=MatchMode.ALL, kinds=[KIND], restrict=restrict)
    assert sorted(raw) == sorted(entry.id for entry in expected)
    assert backend.rank_page(
        groups=groups, mode=MatchMode.ALL, kinds=[KIND], limit=2, restrict=restrict
    ) == (expected[:2], 4)
    assert (
        backend.rank_count(groups=groups, mode=MatchMode.ALL, kinds=[KIND], restrict=restrict) == 4
    )


def test_restriction_through_a_join_is_not_joined():
    """A query over a second table may repeat a row: it keeps the EXISTS form."""
    assert not Restriction(Province.objects.filter(districts__name__startswith="A")).joinable
    assert not Restriction(SearchEntry.objects.all(), field="key").joinable
    assert Restriction(Province.objects.filter(code__lt=10)).joinable


# The page ---------------------------------------------------------------------------------


def test_search_page_lists_results_with_their_language_and_direction(client, corpus):
    response = client.get("/en/search/", {"q": "work permit"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/en/test/work-permit/">Getting a work permit</a>' in html
    assert "<mark>work</mark> <mark>permit</mark>" in html
    assert re.search(r'<div lang="en" dir="ltr">\s*<h2><a href="/en/test/work-permit/"', html)
    arabic = client.get("/ar/search/", {"q": "work permit"}).content.decode()
    assert re.search(r'<div lang="ar" dir="rtl">\s*<h2><a href="/ar/test/work-permit/"', arabic)
    assert '<html lang="ar" dir="rtl">' in arabic


def test_search_page_escapes_what_it_shows(client, provider):
    index(document("x", "en", "<b>Bold</b> permit", "<script>alert('permit')</script>"))
    html = client.get("/en/search/", {"q": "<script> permit"}).content.decode()
    assert "<script>" not in html
    assert "&lt;<mark>script</mark>&gt;alert" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; permit</a>" in html


def test_search_page_filters_by_kind(client, corpus):
    index(document("permit-law", "en", "Work permit law", kind="law"))
    html = client.get("/en/search/", {"q": "permit", "kind": "law"}).content.decode()
    assert "Work permit law" in html
    assert "Getting a work permit" not in html


def test_search_page_says_when_nothing_is_found(client, corpus):
    html = client.get("/en/search/", {"q": "zebra"}).content.decode()
    assert "Nothing found for “zebra”" in html


def test_search_page_asks_for_words(client, corpus):
    assert "Type a word or two" in client.get("/en/search/", {"q": ""}).content.decode()
    assert "Type a word or two" not in client.get("/en/search/").content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 20_000},
        {"q": "\x00"},
        {"q": "\x01\x02\x7f"},
        {"q": "!!! ... ???"},
        {"q": "' OR 1=1 --"},
        {"q": '"unbalanced'},
        {"q": "NEAR(a b) AND OR NOT *"},
        {"q": "permit", "kind": "nonsense"},
        {"q": ["a", "b"]},
    ],
)
def test_search_page_never_fails_on_odd_input(client, corpus, params):
    response = client.get("/tr/search/", params)
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["ar", "tr", "en", "fa"])
def test_every_page_has_a_search_box(client, language):
    html = client.get(f"/{language}/").content.decode()
    assert (
        f'<form class="site-search" role="search" method="get" action="/{language}/search/">'
        in html
    )


# The API ----------------------------------------------------------------------------------


def test_api_contract(client, corpus):
    response = client.get("/api/v1/search", {"q": "work permit", "lang": "ar"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["results"]
    first = body["results"][0]
    assert set(first) == {"kind", "slug", "title", "url", "lang", "snippet"}
    assert first == {
        "kind": KIND,
        "slug": "work-permit",
        "title": "الحصول على إذن العمل",
        "url": "/ar/test/work-permit/",
        "lang": "ar",
        "snippet": first["snippet"],
    }
    assert [result["slug"] for result in body["results"]] == ["work-permit"]


def test_api_marks_matches_in_snippets(client, corpus):
    body = client.get("/api/v1/search", {"q": "calisma", "lang": "tr"}).json()
    assert "<mark>çalışma</mark>" in body["results"][0]["snippet"]


def test_api_filters_by_kind(client, corpus):
    index(document("permit-law", "en", "Work permit law", kind="law"))
    body = client.get("/api/v1/search", {"q": "permit", "lang": "en", "kind": "law"}).json()
    assert [result["slug"] for result in body["results"]] == ["permit-law"]


@pytest.mark.parametrize(
    "params",
    [{"q": "permit", "lang": "xx"}, {"q": "permit", "lang": "en", "kind": "test-kind"}],
)
def test_api_refuses_unknown_language_or_kind(client, corpus, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422


def test_api_accepts_every_enabled_content_language(client, corpus):
    for language in ["ar", "tr", "en", "fa", "ku", "ps"]:
        response = client.get("/api/v1/search", {"q": "permit", "lang": language})
        assert response.status_code == 200, language
        assert response.json()["results"]


def test_api_without_words_returns_nothing(client, corpus):
    assert client.get("/api/v1/search").json() == {"results": []}
    assert client.get("/api/v1/search", {"q": "?!"}).json() == {"results": []}


def test_api_is_described(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "lang", "kind"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL reads BM25's counts")
def test_one_search_reads_the_collection_counts_once(provider):
    """Every word first, then any word: the same terms' counts are read once."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    provider.add(document("a", "en", "permit"), document("b", "en", "school"))
    search_reindex(kinds=[KIND])
    with CaptureQueriesContext(db) as queries:
        results = search(query="permit school", language="en", kinds=[KIND])
    assert {result.key for result in results} == {"a", "b"}
    assert sum("core_searchstats" in query["sql"] for query in queries.captured_queries) == 1
