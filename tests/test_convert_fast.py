"""The fast paths of conversion and detection give what the plain algorithm gives.

`to_simplified` skips the context layer when no character that could be decided is in the text, builds
its windows with a shortcut, and converts variants through a rebuilt OpenCC table; `detect_script` counts
with regex classes. Each is checked here against a slow, obvious version of the same rule.
"""
from __future__ import annotations

import sys

import opencc
from hypothesis import given, settings, strategies as st

from newsclean.convert import context, detect_script, to_simplified, to_simplified_explained
from newsclean.convert.context import BOUNDARY, HOLDS, SPACE, _HAN
from newsclean.convert.detect import _sample
from newsclean.convert.tables import script_sets, variants

NC = sys.modules["newsclean.convert"]
T2S = opencc.OpenCC("t2s")


def _titles() -> str:
    return "".join(sorted(context.load_names().title_starts))


# trigger chars, their neighbours in rules and names, punctuation, spaces, placeholders, both scripts
ALPHABET = sorted(set("著於甚麼么什姓大寶梨華先生女士說是由對位看睡穿名作有原顯隨接乾隆淨後后皇"
                      "揹敍衞枱衹粧，。《》「」 \n_#a1我們们这這") | set(_titles()) | set(HOLDS[:2]))


# whole words that make the rules fire (names with titles, 姓於, 甚麼, verbs before 著, keep-words) and ones
# that must not
FRAGMENTS = ["於大寶先生", "於梨華女士", "姓於", "於是", "由於", "對於", "位於", "於", "甚麼", "甚至", "看著", "著名",
             "著作", "原著", "睡著", "隨著", "著急", "穿著", "高爾基 著", "衞生", "揹著", "什么", "这里", "這裡",
             "乾隆", "後來", "，", "。", " ", "\n", "《", "_", "#", "a", HOLDS[0], "說", "大", "先生"]
TEXTS = st.one_of(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40),
                  st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join))


def reference(text: str) -> str:
    """The layer at every trigger character (variants too), then plain OpenCC t2s."""
    chars = [c for c in context._trigger(True) if c in text]
    held = NC._held()
    decisions = [d for d in context.decide_at(text, chars) if d.output != d.char or d.char in held]
    staged, holds = context.apply(text, decisions, held)
    out = T2S.convert(staged)
    for placeholder, char in holds.items():
        out = out.replace(placeholder, char)
    return out


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_to_simplified_matches_the_plain_algorithm(text):
    assert to_simplified(text) == reference(text) == to_simplified_explained(text)[0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=60, max_size=200).map("".join))
def test_long_texts_take_the_same_decisions(text):
    # long texts hold many trigger chars, near each other and far apart
    assert to_simplified(text) == reference(text) == to_simplified_explained(text)[0]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_skipped_texts_have_nothing_to_decide(text):
    checks = context.triggers("")
    if not context.layer_chars(text, checks):
        chars = [c for c in context._trigger(False) if c in text]
        held = NC._held()
        assert not [d for d in context.decide_at(text, chars) if d.output != d.char or d.char in held]


def _context_by_char(text: str, start: int, stop: int, literals: frozenset[str]) -> str:
    out = []
    for i in range(start, stop):
        if not 0 <= i < len(text) or text[i].isspace():
            out.append(SPACE)
        elif text[i] in literals or _HAN.match(text[i]):
            out.append(text[i])
        else:
            out.append(BOUNDARY)
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET + ["\u3000", "\t", "𠀀", "A"]), max_size=8),
       st.integers(-3, 10), st.integers(0, 6))
def test_context_window_matches_char_by_char(text, start, width):
    literals = context.load_rules().literals
    assert "《" in literals
    assert context._context(text, start, start + width, literals) == _context_by_char(text, start, start + width,
                                                                                          literals)


def test_variants_are_converted_by_the_table_not_the_layer():
    for char, simplified in variants().items():
        assert to_simplified_explained(char) == (simplified, [])


TRAD, SIMP = script_sets()
SCRIPT_ALPHABET = sorted(TRAD)[:40] + sorted(SIMP)[:40] + list("的人在中，a 1")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(SCRIPT_ALPHABET), max_size=300))
def test_detect_script_counts_like_sets(text):
    r = detect_script(text)
    sample = _sample(text, 128)
    assert (r.traditional, r.simplified, r.chars) == (sum(c in TRAD for c in sample), sum(c in SIMP for c in sample),
                                                      len(sample))
    assert r.evidence == r.traditional + r.simplified
    assert r.to_dict() == {"script": r.script, "ratio": r.ratio, "traditional": r.traditional,
                           "simplified": r.simplified, "chars": r.chars}


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXTS.filter(lambda t: "\n" not in t), max_size=8))
def test_blocks_converted_in_one_opencc_call_match_one_call_each(blocks):
    # convert_document stages every block, then converts them joined by newlines in one OpenCC call
    assert NC._simplify_blocks(blocks, 20) == [to_simplified_explained(b) for b in blocks]


# -- the unchanged screen: a text it passes comes out of OpenCC as it went in ---------------------------------

def _screens():
    from newsclean.convert.tables import converter, simplifier, unchanged_screen

    return [(cc, unchanged_screen(cc.config)) for cc in (converter("t2s"), simplifier()[0])]


def test_screen_passes_only_characters_opencc_keeps():
    han = [chr(c) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))
           for c in range(lo, hi + 1)]
    for cc, screen in _screens():
        assert screen is not None, cc.config
        passed = [c for c in han if screen(c) is None]
        assert len(passed) > 20000                       # the screen is not "convert everything"
        assert cc.convert("\n".join(passed)) == "\n".join(passed)
        flagged = [c for c in han[:30000] if screen(c) is not None and ord(c) < 0x10000]
        # every flagged BMP character is one some entry changes (alone or inside a phrase)
        assert sum(cc.convert(c) != c for c in flagged) > 0.9 * len(flagged)


# whole phrases of t2s's phrase table pass the screen only if the table keeps them
PHRASE_ALPHABET = sorted(set("乾隆乾淨乾坤著名著作慰藉憑藉瞭解了解一目瞭然什麼甚麼皇后後來中华人民共和国的了是在我们")
                         | set("，。 \n"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(PHRASE_ALPHABET), max_size=30))
def test_screened_texts_are_unchanged(text):
    for cc, screen in _screens():
        if screen(text) is None:
            assert cc.convert(text) == text


def test_rebuilt_table_leaves_no_files_behind(tmp_path, monkeypatch):
    """Batch workers end with os._exit (no atexit): the rebuilt table's folder must be gone once the
    converter is built, and the converter must still convert (OpenCC read its files while building)."""
    import tempfile

    from newsclean.convert.tables import _rebuilt_t2s, unchanged_screen

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    table = variants()
    converter_, keys = _rebuilt_t2s(table)
    assert list(tmp_path.iterdir()) == []
    variant = next(k for k, v in sorted(table.items()) if len(k) == 1 and T2S.convert(k) != v)
    assert converter_.convert(variant) == table[variant]
    assert variant in keys
    assert unchanged_screen(converter_.config) is not None   # read before its dictionaries went


def test_table_folders_of_dead_processes_are_swept(tmp_path, monkeypatch):
    """A worker killed while building its tables (SIGKILL, the OOM killer) leaves its folder: the next build
    removes the folders whose process is gone and keeps a live one's."""
    import os
    import subprocess
    import tempfile

    from newsclean.convert.tables import _rebuilt_t2s

    if os.name != "posix":
        return
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()                                           # its pid is free once it has exited
    live = subprocess.Popen(["sleep", "30"])
    try:
        (tmp_path / f"newsclean-opencc-{dead.pid}-x1").mkdir()
        (tmp_path / f"newsclean-opencc-{live.pid}-x2").mkdir()
        (tmp_path / "unrelated-9").mkdir()
        _rebuilt_t2s(variants())
        assert sorted(p.name for p in tmp_path.iterdir()) == [f"newsclean-opencc-{live.pid}-x2", "unrelated-9"]
    finally:
        live.kill()
        live.wait()
