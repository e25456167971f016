"""Clean text must come through repair unchanged: a mojibake 'fix' on clean text is a bug (issue 3)."""
import os

import jieba
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsclean


def _dictionary_words(limit: int = 60000) -> list[str]:
    """The most frequent all-Han words of jieba's dictionary: real vocabulary, common and rare."""
    rows = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            if all("\u4e00" <= ch <= "\u9fff" for ch in word):
                rows.append((int(freq), word))
    rows.sort(reverse=True)
    return [w for _, w in rows[:limit]]


WORDS = _dictionary_words()
clean_sentences = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(["", "", "", "", "，", "。", "、", "“", "”"])),
    min_size=2, max_size=30,
).map(lambda parts: "".join(w + p for w, p in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clean_sentences)
def test_fix_mojibake_leaves_clean_chinese_alone(text):
    fixed, fixes = newsclean.fix_mojibake(text, explain=True)
    assert fixed == text
    assert not fixes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(clean_sentences, min_size=2, max_size=6, unique=True))
def test_clean_keeps_every_clean_paragraph(paragraphs):
    text = "\n\n".join(p + "。" for p in paragraphs)
    article = newsclean.clean(text, newsclean.Config(target=None))
    assert not [f for f in article.report.fixes if f.step == "repair" and f.action == "fix_mojibake"]
    assert not [p for p in article.problems if p.step in ("decode", "repair")]
