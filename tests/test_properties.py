"""Property-based tests: the whole pipeline on random text never fails, keeps its
offsets inside the text and never gives value_min > value_max."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from venextract.components.extensions import mentions
from venextract.tables import doc_rows

WORDS = [
    "VND", "US$", "USD", "dong", "billion", "million", "tril.", "bn", "percent", "%", "per", "cent", "about", "over",
    "nearly", "up", "to", "from", "since", "by", "until", "In", "the", "first", "half", "of", "quarter", "months",
    "2016-2020", "2021", "period", "and", "-", "–", "(", ")", ",", ".", "\n", "\n\n", "projects", "workers", "Three",
    "One", "hundred", "sixty", "Hanoi", "Ha Noi", "HCMC", "Thua Thien-Hue", "Daklak", "province", "district",
    "aims", "will", "plans", "so far", "than", "compared", "with", "8.863.9", "1,436", "5-7", "0", "00", "9999999999",
    "No.", "15/2023/QD-UBND", "18/09/2020", "06:09", "|", "Source:", "https://x.vn/a-1.html", "Ngu\u1ed3n:",
]

token = st.one_of(st.sampled_from(WORDS), st.integers(0, 10**13).map(str), st.decimals(0, 10**6, places=3).map(str),
                  st.text(max_size=6))
texts = st.lists(token, max_size=80).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_pipeline_on_random_text(nlp, text: str, published: date | None) -> None:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    for span in mentions(doc):
        assert 0 <= span.start_char <= span.end_char <= len(text)
        if span._.value_min is not None:
            assert span._.value_max is not None and span._.value_min <= span._.value_max
        if span._.period_start is not None and span._.period_end is not None:
            assert span._.period_start <= span._.period_end
    rows = doc_rows(doc)
    assert len(rows["facts"]) == sum(m["label"] in ("MONEY", "COUNT", "PERCENT") for m in rows["mentions"])
