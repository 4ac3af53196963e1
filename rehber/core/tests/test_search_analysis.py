"""The search analyser, language by language (pure Python: no database)."""

import pytest

from rehber.core.search.analysis import (
    MAX_TERM_LENGTH,
    QUERY_LANGUAGES,
    analyse,
    highlight,
    query_groups,
    snippet,
)


def meets(query: str, reader: str, document: str, language: str) -> bool:
    """Whether ``query`` typed by a ``reader`` matches ``document`` written in ``language``."""
    terms = set(analyse(document, language))
    groups = query_groups(query, [reader, *QUERY_LANGUAGES])
    return bool(groups) and all(any(term in terms for term in group) for group in groups)


# The same word written two ways gives the same terms.
SAME_TERMS = [
    # Arabic: hamza on alef, taa marbuta, diacritics, tatweel, alef maqsura, waw and ya hamza.
    ("ar", "إقامة", "اقامه"),
    ("ar", "الإقامة", "الاقامه"),
    ("ar", "آمنة", "امنه"),
    ("ar", "ٱلعمل", "العمل"),
    ("ar", "الكِمْلِيك", "الكمليك"),
    ("ar", "العمـــــل", "العمل"),
    ("ar", "مستشفى", "مستشفي"),
    ("ar", "مؤسسة", "موسسه"),
    ("ar", "رئيس", "رييس"),
    ("ar", "كيمليك", "کیملیک"),  # typed on a Persian keyboard
    ("ar", "٦٤٥٨", "6458"),
    # Persian: Arabic ya and kaf, half-space (ZWNJ), Persian digits.
    ("fa", "اجازه‌ی کار", "اجازه ی کار"),
    ("fa", "می‌شود", "می شود"),
    ("fa", "کارت‌ها", "کارت ها"),
    ("fa", "۶۴۵۸", "6458"),
    ("fa", "پناهنده", "پناهنده\u200d"),  # zero-width joiner
    # Turkish: dotted and dotless i, capitals, folding of Turkish letters.
    ("tr", "Çalışma İzni", "çalışma izni"),
    ("tr", "İKAMET İZNİ", "ikamet izni"),
    ("tr", "ISTANBUL", "İstanbul"),
    ("tr", "Göç İdaresi", "goc idaresi"),
    ("tr", "IĞDIR", "ığdır"),
    # English and others: case folding, NFKC (ligatures, full-width letters), soft hyphens.
    ("en", "Work PERMIT", "work permit"),
    ("en", "ﬁle", "file"),
    ("en", "ＰＥＲＭＩＴ", "permit"),
    ("en", "resi\u00addence", "residence"),
    ("ku", "KARTÊ", "kartê"),
    ("ps", "أفغانستان", "افغانستان"),
]


@pytest.mark.parametrize(("language", "one", "other"), SAME_TERMS)
def test_variants_of_a_word_give_the_same_terms(language, one, other):
    assert analyse(one, language) == analyse(other, language)
    assert analyse(one, language)


# (reader, query, document language, document): the query finds the document.
FINDS = [
    ("tr", "calisma izni", "tr", "Çalışma İzni başvurusu"),
    ("tr", "ikamet izni", "tr", "İKAMET İZNİ"),
    ("tr", "goc idaresi", "tr", "İl Göç İdaresi Müdürlüğü"),
    ("en", "istanbul", "tr", "İstanbul'da ikamet"),
    ("tr", "ISTANBUL", "en", "Offices in Istanbul"),
    ("tr", "kimligi", "tr", "Kimliğinizi yenileyin: kimliği kaybedenler"),
    ("tr", "izin", "tr", "Çalışma izinleri"),
    ("tr", "izinleri", "tr", "Çalışma izni ve diğer izinler"),
    ("en", "permits", "en", "Apply for a permit"),
    ("en", "permit", "en", "Work permits for refugees"),
    ("en", "registering", "en", "How to register your address"),
    ("ar", "اقامه", "ar", "الإقامات قصيرة الأمد"),
    ("ar", "الإقامات", "ar", "إقامة عائلية"),
    ("ar", "الكمليك", "ar", "بطاقة الكِمْلِيك"),
    ("ar", "بطاقه", "ar", "البطاقة"),
    ("fa", "اجازهي كار", "fa", "اجازه‌ی کار برای پناهندگان"),
    ("fa", "اجازه کار", "fa", "اجازه‌ی کار"),
    ("fa", "میشود", "fa", "تمدید می‌شود"),
    ("fa", "می شود", "fa", "تمدید می‌شود"),
    ("fa", "کارتها", "fa", "کارت‌ها"),
    ("ar", "٦٤٥٨", "tr", "6458 sayılı Yabancılar ve Uluslararası Koruma Kanunu"),
    ("fa", "۹۹", "tr", "Madde 99"),
    ("fa", "اجازه کار", "fa", "اجازهی کار"),
    ("en", "kimlik", "ar", "بطاقة الحماية المؤقتة (kimlik)"),
    ("ku", "kartê", "ku", "Kartê nasnameyê"),
]


@pytest.mark.parametrize(("reader", "query", "language", "document"), FINDS)
def test_query_finds_document(reader, query, language, document):
    assert meets(query, reader, document, language)


MISSES = [
    ("tr", "kimlik", "tr", "Çalışma izni"),
    ("en", "permit", "en", "Opening a bank account"),
    ("ar", "اقامه", "ar", "تصريح العمل"),
    ("fa", "کار", "fa", "حساب بانکی"),
]


@pytest.mark.parametrize(("reader", "query", "language", "document"), MISSES)
def test_query_misses_unrelated_document(reader, query, language, document):
    assert not meets(query, reader, document, language)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("permits", "en", ["permit", "permits"]),  # stem, then the word itself
        ("izinleri", "tr", ["izin", "izinleri"]),
        ("Kimliği", "tr", ["kimlik", "kimligi"]),
        ("الإقامات", "ar", ["اقام", "الاقامات"]),
        ("Kartên", "ku", ["karten"]),  # no stemmer: folded only
        ("6458 sayılı", "tr", ["6458", "sayil", "sayili"]),
        ("99", "fa", ["99"]),
        ("", "en", []),
        ("!? … — «»", "ar", []),
        ("a_b", "en", ["a", "b"]),
    ],
)
def test_analysed_terms(text, language, expected):
    assert analyse(text, language) == expected


def test_unknown_language_uses_the_plain_analyser():
    assert analyse("Çalışma İZNİ", "xx") == ["calisma", "izni"]
    assert analyse("Çalışma", "") == ["calisma"]


def test_terms_are_cut_to_a_maximum_length():
    (term,) = analyse("a" * 500, "en")
    assert len(term) == MAX_TERM_LENGTH


def test_control_characters_and_odd_input_are_ignored():
    assert analyse("\x00\x01work\x07\u202epermit\ufeff", "en") == ["work", "permit"]
    assert query_groups("\x00 ??? \t\n") == []


def test_query_groups_give_every_language_its_say():
    groups = query_groups("permits", ["en"])
    assert groups == [("permit", "permits")]
    # One group per word, repeated words once.
    assert query_groups("izin izin izni", ["tr"]) == [("iz", "izin"), ("izni",)]


def test_highlight_marks_words_matched_through_analysis():
    text = "Çalışma izni için işvereniniz başvurur. Çalışma izinleri bir yıl geçerlidir."
    html = highlight(text, "calisma", "tr")
    assert html.count("<mark>Çalışma</mark>") == 2
    assert "<mark>izni</mark>" not in html


def test_highlight_finds_arabic_words_without_hamza_and_diacritics():
    html = highlight("تجديد الإقامة العائلية", "اقامه", "ar")
    assert "<mark>الإقامة</mark>" in html


def test_highlight_escapes_html():
    html = highlight("<script>alert(1)</script> work & permit", "permit", "en")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
    assert "<mark>permit</mark>" in html


def test_snippet_is_a_window_around_the_best_match():
    text = " ".join(["filler"] * 200 + ["work", "permit", "fees"] + ["tail"] * 200)
    html = snippet(text, [("work",), ("permit",)], "en")
    assert "<mark>work</mark> <mark>permit</mark>" in html
    assert html.startswith("…")
    assert html.endswith("…")
    visible = html.replace("<mark>", "").replace("</mark>", "")
    assert len(visible) <= 170


def test_snippet_without_match_is_the_start_of_the_text():
    assert snippet("Short text.", [("absent",)], "en") == "Short text."
    assert snippet("", [("absent",)], "en") == ""
