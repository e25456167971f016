"""Every switch and threshold, with defaults. One frozen dataclass per stage, in data-flow order.

Stages read their own part (``config.strip.min_spam_hits``); users override with
``Config(target="tw", strip=StripConfig(enabled=False))`` or ``config.replace(target=None)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

TARGETS = ("s", "t", "tw", "hk", None)


@dataclass(frozen=True)
class DecodeConfig:
    # A declared charset (HTTP, <meta>, <?xml?>) is trusted only if the bytes decode strictly under it.
    trust_declared: bool = True
    # Declarations are looked for in this many leading bytes (Chinese portals put long scripts before <meta>).
    declaration_scan_bytes: int = 16384
    # "replace": bytes no candidate decodes strictly become U+FFFD (repair reports them); "strict": InputError.
    errors: str = "replace"
    # Bytes of each candidate decode scored by the character frequency table (enough for a stable mean).
    score_sample_bytes: int = 16384
    # Non-ASCII characters scored per candidate (the mean is stable well before this; counting costs time).
    score_chars: int = 3000
    # Mean log10 frequency per non-ASCII character at or above which a decode reads as Chinese text.
    # Right decodes in the corpus score above -4.2, wrong ones below -5 (docs/decoding.md).
    chinese_score: float = -4.6
    # A Chinese reading scoring below sure_chinese_score whose Han characters are spaced like words (at least
    # spaced_word_share spaces between Han characters per Han character) may be another CJK script: EUC-KR
    # Korean read as GB2312 scores -4.5 and has ~0.25 (a space per word); Chinese text ~0. Then chardet's
    # guess, if at least unsure_confidence sure, is taken.
    sure_chinese_score: float = -4.0
    spaced_word_share: float = 0.1
    # ASCII bytes with ~{ … ~} escapes are HZ when the HZ reading scores at least this: the escapes are already
    # strong evidence, so the bar is lower than chinese_score (a stray "~{" in ASCII reads as symbols and kana).
    hz_score: float = -6.0
    # Best candidate must beat the next by this much (log10 per char) to skip asking chardet.
    min_margin: float = 0.5
    # A strictly-decoding declaration is overruled only by a candidate reading this much better.
    declared_override_margin: float = 1.5
    # Characters of evidence counted when turning score gaps into confidences (they are not independent).
    evidence_chars: int = 20
    # When no reading passes chinese_score, chardet's non-Chinese guess (Korean, Japanese, Latin …) is taken
    # at or above this confidence (it said 0.56 on short EUC-KR, 0.01 on a 23-byte Big5-HKSCS file).
    unsure_confidence: float = 0.5
    # Bytes given to chardet when it is asked (it runs ~0.3 MB/s here).
    detect_sample_bytes: int = 16384
    # log10 probabilities of characters the frequency table lacks, by kind: a rare or unseen hanzi …
    logp_unknown_han: float = -8.5
    # … CJK/fullwidth/general punctuation not in the table, accented Latin incl. pinyin tone letters …
    logp_cjk_punctuation: float = -5.5
    logp_latin: float = -6.0
    # … kana, hangul, bopomofo, box drawing, other scripts and symbols (typical of a wrong CJK decode) …
    logp_other: float = -7.5
    # … private use, unassigned, control characters, U+FFFD (a wrong decode, nearly for sure).
    logp_garbage: float = -12.0
    # After an unsure detection, bytes are refused as not text (InputError) when in the first
    # binary_sample_chars characters of every reading more than this share is garbage (controls but
    # tab/LF/CR/FF, a U+FFFD run, private use, unassigned). Measured (docs/decoding.md): random bytes (uniform
    # or NUL-free) of 512 B-1 MB 0.23-0.33, median 0.29; damaged real text at most 0.145 (UTF-8 with 5% of
    # its bytes replaced; GBK 5%: 0.08, hundreds of random bytes spliced into a page: 0.04).
    binary_garbage_share: float = 0.19
    binary_sample_chars: int = 4096
    # Fewer characters are never refused: one U+FFFD in a cut 4-character snippet is already 20%.
    binary_min_chars: int = 32


@dataclass(frozen=True)
class HtmlConfig:
    # libxml2 gives up past ~2048 levels even with huge_tree; a page nested deeper is parsed again with the
    # wrapper tags beyond this depth dropped (their text kept): deep wrappers carry no structure.
    max_depth: int = 1000
    # A block directly holding fewer characters than this is not scored as prose (labels, buttons, dates).
    min_unit_chars: int = 10
    # Length bonus: one point per this many characters, at most max_length_points (punctuation counts more).
    chars_per_point: int = 50
    max_length_points: float = 3.0
    # Score factor for an article-like/chrome-like class or id (data/html_hints.tsv): steers, never decides alone.
    pos_hint_factor: float = 1.3
    neg_hint_factor: float = 0.3
    # Score factor for a box sharing tag and class with 2+ siblings (teaser lists repeat; an article does not).
    repeat_factor: float = 0.5
    # Boxes starting within this many characters after the headline (date, source, share bar) …
    title_gap_chars: int = 400
    # … and holding no more sentence punctuation than this in between (an info line, not paragraphs) …
    title_gap_punct: int = 6
    # … get their score multiplied by this: the article follows its own headline, a recommended one does not.
    title_factor: float = 2.0
    # Siblings of the best container join it at this share of its score (an article split over <div>s) …
    sibling_score_share: float = 0.2
    sibling_min_score: float = 10.0
    # … and sibling <p>s with at least this many characters …
    sibling_para_chars: int = 60
    # … and the box right before it when it is prose (a lead or summary): this much punctuation, few links.
    neighbour_min_punct: int = 3
    # … of which this many sentence marks (，。！？；…): an info line's punctuation is colons, 、 and dates' dots.
    neighbour_min_sentence_marks: int = 2
    neighbour_max_link_density: float = 0.2
    # Above this share of link text a box inside the article is a link list (related, tags, pagination).
    max_link_density: float = 0.5
    # Chrome phrases (data/html_chrome.tsv) are matched only on elements this short: body sentences are longer.
    chrome_max_chars: int = 30
    # A "related/comments" heading cuts the rest of the container only once this share of its prose came before it.
    tail_min_share: float = 0.5
    # A hinted, hidden or chrome-tagged box is kept anyway when it holds this share of the container's punctuation
    # (e.g. WeChat hides the whole article until a script shows it).
    keep_share: float = 0.5
    # Hidden boxes with less punctuation than this are dropped without weighing them against the page (speed).
    min_hidden_check_punct: int = 10
    # Images smaller than this (px, when stated) are icons, not pictures: no caption logic.
    min_image_px: int = 60
    # An <img alt> becomes a caption block when it has at least this many characters and no visible caption follows.
    alt_caption_chars: int = 6
    # Record the text outside the article container in the report (reversible removal) — costs ~1 ms a page.
    report_outside: bool = True
    # Record lists (comments, forum replies: 3+ sibling items of one tag and class, each with a short field
    # without sentence punctuation, a user name or a time) leave the scoring when they begin after prose that
    # follows the headline and hold this share of the best box's sentence punctuation: many short comments
    # otherwise outscore a short article.
    record_min_items: int = 3
    record_min_share: float = 0.2
    # … a field this short is a name, a time or a button row …
    record_field_chars: int = 20
    # … items this long (median characters) are paragraphs or timeline entries, not comments …
    record_max_item_chars: int = 120
    # … and at least this much sentence punctuation (the article's start) stands between headline and list.
    record_min_prose_before: int = 5
    # A walk of the container that kept no sentence punctuation at all, while a box it dropped (by its class
    # or tag) holds at least this much, walks that box instead: an empty article is never right (a walk that
    # kept one short sentence keeps it: a flash beside a dropped comment box is still the flash).
    rescue_min_punct: int = 3
    # A box of 3+ same-class items inside the article, two thirds of them opening with a link this long (a
    # linked headline), is a teaser list (other articles' cards) and goes, unless it holds half the prose.
    teaser_title_chars: int = 6
    # A child of the best box holding the headline and this much sentence punctuation after it (paragraphs,
    # not a one-sentence lead) is the article's column, when the rest of the best box holds more prose
    # (other columns): the article is chosen inside it.
    column_min_punct: int = 12


@dataclass(frozen=True)
class RepairConfig:
    mojibake: bool = True
    annotations: bool = True
    unicode: bool = True
    # ASCII , : ; ? ! ( ) next to Chinese text become their full-width forms.
    chinese_punctuation: bool = True
    # Clean-text screen: Han characters at least this frequent (data/charfreq.tsv weight) are never
    # suspicious; text with nothing else skips the mojibake search (most pages).
    common_char_weight: int = 200
    # A garbled span has at least this many non-ASCII characters (one odd character is a name, not garble).
    min_span_chars: int = 2
    # Only this many characters either side of a suspicious one are searched (a garble is dense in them).
    search_window: int = 48
    # … and at least this many characters the clean-text screen finds odd (a span of common words is text).
    min_odd_chars: int = 1
    # GBK<->Big5 readings map character to character, so two common words can swap by chance: ask for more.
    # (3: the unseen-text probe's 3-character garbles, 電扶梯 as 筿н辫, with no new change on ~600 clean texts.)
    min_pair_chars: int = 3
    # In a text already repaired GBK<->Big5 in one direction, a whole field (a table cell, a one-word line) of
    # this many characters is repaired in that direction without the word test: 青岛 read as Big5 is ч絢.
    pair_context_chars: int = 1
    # … and in clean(), a block of at most this many characters is judged with the GBK<->Big5 evidence of the
    # whole page (a table's cells are blocks of their own); longer blocks are judged by their own text.
    pair_context_block_chars: int = 12
    # … made mostly of Han characters (Big5/GBK read as each other stays Han; pinyin like "jiàn" is not garble).
    min_pair_han_share: float = 0.5
    # A GBK<->Big5 span extends over neighbours whose new reading is at most this much rarer (log weight):
    # garble that happens to read as a common character (场 as Big5 is 部) still belongs to the span.
    pair_extend_loss: float = 3.0
    # … and its new reading must be made of words: at least this share of its adjacent Han pairs are jieba
    # dictionary words (Chinese text ~0.5; Japanese kana read as Big5 gives common characters but no words).
    min_pair_word_share: float = 0.15
    # A GBK<->Big5 span whose letters are all hiragana or all katakana is a Japanese word (かわいい, カワイイ),
    # not garble: the two codecs read as each other mix both kana rows with Han and private-use characters.
    keep_kana_words: bool = True
    # … nor one where this share of the letters stand in runs of kana_run+ hiragana or katakana (Japanese prose,
    # することを決めた): GBK/Big5 garble scatters kana singly or in pairs (longest run 2 in ~2,000 garbled characters).
    japanese_kana_share: float = 0.3
    kana_run: int = 3
    # A repair must raise the mean per-character log weight this much (garble scores ~-12, Chinese ~-6) …
    min_gain: float = 2.5
    # … less when the span's bytes are valid multi-byte UTF-8, which clean GBK/Big5 text almost never is.
    min_gain_utf8: float = 1.0
    # … and only "not worse" once it decodes to this many non-ASCII characters: a run of several valid
    # multi-byte UTF-8 characters does not happen by chance in GBK/Big5 bytes.
    utf8_sure_chars: int = 3
    # A UTF-8 run may swallow clean neighbours whose GBK/Big5 bytes are also valid UTF-8 (思源 is): up to this
    # many characters are tried off either end, and the reading that improves the text most is kept.
    utf8_run_trim: int = 3
    # … and the repaired text must look like ordinary text (mean log weight at least this).
    min_after_score: float = -11.0
    # A garble inside quotation marks (at most mention_max_chars between them) in a text that talks about
    # encodings is an example being quoted (“锟斤拷”, “浣犲ソ”): left as it is and not reported. The terms (a
    # data file) are how such texts name the subject (乱码 "garbled text", 编码 "encoding", 内存 "memory" for 烫烫烫).
    mention_max_chars: int = 24
    mention_terms: str = "repair_mention_terms.txt"
    # Runs of 烫/屯 (MSVC's 0xCC/0xCD fill bytes read as GBK) this long are uninitialized memory, not text.
    fill_run: int = 3
    # A lost-byte repair without a pinyin clue must raise the mean log weight of the shifted run this much.
    min_shift_gain: float = 3.0


@dataclass(frozen=True)
class StripConfig:
    enabled: bool = True
    spam: bool = True
    chrome: bool = True
    # Vocabulary (data/) and chrome phrases (data/); see docs/stripping.md for sources and measurements.
    spam_vocabulary: str = "spam_vocab.txt"
    chrome_phrases: str = "chrome_zh.tsv"
    # A spam line needs this score of distinct vocabulary hits (never one word: 性, 成人, 国际 occur in news) …
    min_spam_hits: float = 3.0
    # … a weak term (one also seen in the clean corpus) counts this much …
    weak_term_weight: float = 0.5
    # … and the hits must cover this share of the line's letters and Han characters.
    min_spam_density: float = 0.3
    # A line with more sentence marks (。！？；) than this is prose unless hits cover this much of it.
    max_spam_sentences: int = 0
    min_spam_density_in_sentence: float = 0.6
    # One strong term in this many separated pieces of a line without sentence marks is stuffing too
    # ('北京代孕|上海代孕|…': one distinct term, so the distinct-hit score alone never reaches it).
    min_spam_term_repeats: int = 4
    # A line of at least this many links covering this share of it, with no sentence, is link spam.
    min_spam_links: int = 3
    min_link_share: float = 0.6
    # A stuffed run at a line's start/end is cut when real text of this many characters follows;
    # the run may bridge this many hit-free segments.
    min_rest_chars: int = 10
    max_cut_gap_segments: int = 1
    # Prose (the body): a line with sentence punctuation and at least this many Han characters, or this long.
    min_prose_han: int = 8
    min_prose_chars: int = 80
    # Weak chrome (copyright, source, reprint …) goes only with this many chrome candidates in its zone.
    min_zone_hits: int = 2
    # A bare line this short next to footer chrome (reprint notice, view count) is a tag.
    max_tag_chars: int = 10
    # Under a related-list heading, lines up to this long without a full stop are headlines, not prose, even
    # when they end in ？ or ！ (news headlines run 10-40 characters).
    max_headline_chars: int = 40
    # Lines longer than this are never chrome, whatever they match (a phrase's own max_chars may be lower).
    max_chrome_chars: int = 220
    # A menu row: at least this many tokens, this share of them short words (weak chrome: needs zone support).
    min_nav_tokens: int = 6
    max_nav_token_chars: int = 6
    min_nav_share: float = 0.8
    # A keyword list: at least this many phrases of min..max_list_segment_chars between separators, no sentence or
    # label punctuation (stuffing in a vocabulary the data lacks); weak chrome: needs zone support. Pieces of 3+
    # characters: article lines split at '/' or spaces ('周六/日的下午', '记者 黄昕/漫画') hold 2-character ones.
    min_list_segments: int = 4
    min_list_segment_chars: int = 3
    max_list_segment_chars: int = 10
    # … and goes anywhere when the page holds this many such lists and spam lines together (a stuffed page).
    min_page_list_lines: int = 2
    # A decorated or bracketed line ((打开APP阅读更多), ↓↓扫码下载↓↓) is matched on its words when at least this
    # many are left: a bracketed column name (【评论】, 【关注】) is not a widget.
    min_unwrapped_chars: int = 4
    # … and only lines this short are tried so: widgets are short, a paragraph ending in ）is not one.
    max_unwrapped_chars: int = 60
    # A keyword list of at least this many phrases, this share of them a place name (data/) followed by this
    # many more characters, is city-list SEO stuffing in any trade (北京代驾 上海代驾 …): removed anywhere.
    # Five phrases: a four-column table header (北京赛区 上海赛区 …) is not enough.
    place_names: str = "structure_places.txt"
    min_place_list_pieces: int = 5
    min_place_list_share: float = 0.8
    min_place_list_rest: int = 2
    # An all-ASCII line at least this long is also weighed against the Latin-scope terms (English and pinyin
    # spam words; data/spam_vocab.txt), which stay out of the per-line screen.
    min_latin_spam_chars: int = 12


@dataclass(frozen=True)
class RepeatsConfig:
    enabled: bool = True
    # Two paragraphs are copies of each other at this character-bigram (Dice) similarity; a copy of a
    # 30-character paragraph with a 3-character garble scores ~0.86, a reworded headline ~0.73.
    paragraph_similarity: float = 0.8
    # Keys shorter than this are compared exactly only (short lines share too many bigrams by chance).
    min_fuzzy_chars: int = 12
    # A paragraph (key characters) for telling a repeated body from repeated labels …
    min_paragraph_chars: int = 20
    # … and a repeat outside a repeated body goes only from this long with this many Han characters
    # (an interview repeats its 25-character questions, code its lines, a gallery its captions).
    min_repeat_chars: int = 40
    min_repeat_han: int = 10
    # … shorter repeats (titles, captions, bylines) only inside a repeated body — a run of this many matched
    # blocks in the order of their first copies holding this many key characters — or when they repeat the title.
    # (The clean corpus repeats pairs of short lines — an address, a byline — of ~31 characters.)
    min_body_blocks: int = 2
    min_body_chars: int = 60
    # … whose copies make up this share of the stretch they span (an interview repeating its questions
    # between different answers is not a body) and hold this many Han characters (code repeating
    # `import json` is not one either).
    body_match_share: float = 0.5
    min_body_han: int = 20
    # A similar (not identical) paragraph outside a repeated body goes only when at least this long.
    min_fuzzy_alone_chars: int = 60
    # A page printing this many different long paragraphs twice in a row (p p q q r r: a scraper that took
    # both the mobile and the desktop copy of every paragraph) doubles its lines: a publisher repeats a pull
    # quote elsewhere, and a listing its notes under different items, not three paragraphs right under themselves.
    min_repeated_paragraphs: int = 3
    # A copy broken into other paragraphs (two paragraphs run together, one split in two) is found from
    # pieces of this many key characters (a heading run into its paragraph), when the joined text has
    # min_paragraph_chars.
    min_rebroken_piece_chars: int = 4
    # A line this long that repeats the page's <title> below the first block of a mirror page goes.
    min_title_chars: int = 6
    # Blocks after a copy's last match are paired with the first copy's while this similar (garbled short lines).
    tail_similarity: float = 0.3
    # Below this similarity a fuzzy copy must carry the same numbers (templated lines differ only in them).
    same_numbers_similarity: float = 0.95
    # A longer copy replaces the first when it holds this share of the first's bigrams (the first lost a
    # linked word; "[摘要：…]" around a lead paragraph leaves 0.94).
    fuller_copy_cover: float = 0.9
    # Matched blocks of one repeated body may be this many blocks apart.
    max_body_gap: int = 3


@dataclass(frozen=True)
class AnnotationConfig:
    """Thresholds of newsclean.strip_annotations (repair/pinyin.py); measured on mirrors/annotation-samples.json."""
    # Above this share of Han characters annotated it is ruby (a poem, a primer), not spam (spam: 3-26 %).
    max_coverage: float = 0.5
    # Coverage of a short text counts at least this many characters (戰(zhàn) alone is 1 of 4, not 100 %).
    coverage_min_chars: int = 4
    # Spam gives every character its default reading (100 % in every sample); glosses pick the rarer one.
    min_default_share: float = 0.8
    # Spam annotates the characters that differ between the scripts (100 % traditional-only in every sample) …
    min_traditional_share: float = 0.6
    # … or writes toneless pinyin (电(dian)), which no gloss does.
    min_toneless_share: float = 0.5


@dataclass(frozen=True)
class ConvertConfig:
    # Context rules over OpenCC (著/着, 於 surnames, variants t2s leaves); off gives plain OpenCC t2s.
    context_rules: bool = True
    # Characters either side of a 著 looked at to tell traditional from simplified text (a simplified
    # text's 著 is always zhù and stays); 20 holds a clause or two.
    context_window: int = 20
    # Script detection looks at this many characters, from 8 places, of a longer text (100 % right on every
    # 64-character window of the corpus; counting costs about as much per character as t2s, so sample).
    detect_sample_chars: int = 128
    # "mixed" needs the minority script to have this many characters …
    mixed_min_chars: int = 2
    # … and this share of the script-specific ones (clean simplified news has stray traditional names).
    mixed_min_share: float = 0.05
    # Context decisions listed per block in the report (the rest are only counted: context_total).
    max_reported_decisions: int = 20


@dataclass(frozen=True)
class StructureConfig:
    # Longest first line taken as the title when the page gives none (news titles run 10-40 chars).
    max_title_chars: int = 80
    # Byline, subtitle and printed title copies are looked for this many blocks after the title.
    header_zone_blocks: int = 8
    # Editor/source lines and end marks are looked for in the last blocks of the body.
    trailer_zone_blocks: int = 6
    # A metadata line (byline, 来源, 责任编辑) is short; longer lines are body text.
    max_meta_chars: int = 80
    max_subtitle_chars: int = 80
    # A plain short line without sentence punctuation between paragraphs is a heading up to this
    # length (the sample's headings are 14-19 chars; caption sentences there run 30+).
    max_heading_chars: int = 26
    # Numbered (一、 （一） 1. 第X部分) and bold headings may be longer.
    max_numbered_heading_chars: int = 50
    # An <h2>-<h4> longer than this holds running text, not a heading.
    max_html_heading_chars: int = 80
    # Captions: a line this short without final punctuation, between paragraphs.
    max_caption_chars: int = 80
    # Lines between the title and the first paragraph read as captions of leading pictures only up to this
    # many (a page leads with a few pictures; a longer run is something else, and checking it costs O(n²)).
    max_lead_caption_lines: int = 12
    # Lines opening with a caption marker (图为, ▲, 图片来源) may be longer.
    max_credit_caption_chars: int = 150
    # More consecutive short lines than this are a list or table, not headings (newspaper heads
    # stack up to a kicker, a head and a deck; two such stacks can meet).
    max_heading_run: int = 4
    # Adjacent lines of this many space-separated cells or more, one of them mostly numbers, are a table's rows:
    # never headings, nor is the line right above them (a unit line, 单位：万元). Three: a two-part heading
    # ('A　B') has two.
    min_table_cells: int = 3
    # A one-clause question alone between paragraphs is a heading within these lengths.
    min_question_heading_chars: int = 6
    max_question_heading_chars: int = 16
    # With this many short question lines the article is an interview: questions are not headings.
    interview_questions: int = 4
    # Lines under the title sharing less than this share of character bigrams with it are not a deck
    # (decks restate the headline: 0.4-1.0 in the corpus; leading photo captions 0.1-0.2).
    deck_title_overlap: float = 0.35
    # ... unless one of them shares this share of bigrams with a later heading (then it is a heading).
    heading_shape_overlap: float = 0.35
    # A caption sentence beside a marked caption has at least this many characters.
    min_caption_sentence_chars: int = 20
    # A first line under the title this long (or with two clauses) is a printed deck, not a section heading.
    min_deck_chars: int = 18
    # Headings and caption sentences must carry some Chinese (not "5.3k", not a URL).
    min_heading_han: int = 2
    min_caption_han: int = 4
    # ... and be mostly Chinese: "maomaobear 2015-06-19 11:20:11 0人参与评论" is page furniture.
    min_han_share: float = 0.4


# Rules `newsclean dedupe` can keep a copy by (newsclean/dedupe.py), in their default order.
KEEP_RULES = ("problems", "length", "date", "mirror", "order")


@dataclass(frozen=True)
class DedupeConfig:
    # Shingle width in characters: 5 found script-converted copies (recall 1.0 after t2s) in the design trial.
    shingle: int = 5
    # Signature length = bands * rows. 42 bands of 3 rows catch a pair at Jaccard 0.5 with p = 0.996
    # and at 0.4 with p = 0.93, so halved (truncated) copies still become candidates.
    bands: int = 42
    rows: int = 3
    # A candidate pair is joined when the shingle sets' Jaccard reaches this …
    jaccard: float = 0.5
    # … or the smaller set lies this much inside the larger (a copy cut short, a copy with extra chrome) …
    containment: float = 0.8
    # … provided the smaller has at least this share of the larger's shingles: a short brief quoted
    # inside a long article is not a copy of it.
    min_size_ratio: float = 0.3
    # Documents with fewer shingles than this are matched only when identical after normalisation:
    # a one-line text shares most of its few shingles with too many others.
    min_shingles: int = 20
    # Pairs verified per LSH bucket at most: big buckets (boilerplate) are checked against their first
    # members only, keeping the work linear.
    max_bucket_pairs: int = 64
    # Normalisation: convert to simplified before shingling (without it converted copies are missed).
    simplify: bool = True
    # Remove pinyin annotations 戰(zhàn) left in the text, if any.
    strip_annotations: bool = True
    # Which copy is kept, rule by rule until one differs: "problems" (fewest problems, damage marks),
    # "length" (longest body), "date" (earliest published), "mirror" (not a mirror-looking host),
    # "order" (first seen).
    keep: tuple[str, ...] = KEEP_RULES
    # Bodies within this factor of the cluster's longest count as full length: a copy with an extra
    # header line is not "longer", one missing a fifth of its paragraphs is shorter.
    length_tolerance: float = 1.2
    seed: int = 1

    @property
    def num_perm(self) -> int:
        return self.bands * self.rows

    def __post_init__(self) -> None:
        bad = [r for r in self.keep if r not in KEEP_RULES]
        if bad:
            raise ValueError(f"DedupeConfig.keep: unknown rules {bad}; known: {KEEP_RULES}")
        if self.shingle < 1 or self.bands < 1 or self.rows < 1:
            raise ValueError("DedupeConfig: shingle, bands and rows must be >= 1")


@dataclass(frozen=True)
class Config:
    # Target script: "s" simplified (default), "t" traditional (OpenCC standard), "tw", "hk", None = keep.
    target: str | None = "s"
    # Inputs larger than this raise InputError instead of being processed.
    max_bytes: int = 50 * 1024 * 1024
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    html: HtmlConfig = field(default_factory=HtmlConfig)
    repair: RepairConfig = field(default_factory=RepairConfig)
    annotations: AnnotationConfig = field(default_factory=AnnotationConfig)
    strip: StripConfig = field(default_factory=StripConfig)
    repeats: RepeatsConfig = field(default_factory=RepeatsConfig)
    convert: ConvertConfig = field(default_factory=ConvertConfig)
    structure: StructureConfig = field(default_factory=StructureConfig)

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise ValueError(f"Config.target must be one of {TARGETS!r}, not {self.target!r}")

    def replace(self, **changes: Any) -> "Config":
        return replace(self, **changes)
