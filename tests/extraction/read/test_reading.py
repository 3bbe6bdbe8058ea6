"""Reading inbox files: every encoding and format read, everything else rejected with a reason."""
from __future__ import annotations

import codecs
import hashlib
import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arqam.extraction.read.articles import REASONS, RawArticle, Rejection
from arqam.extraction.read.documents import read_document
from arqam.extraction.read.html import MAX_HTML_DEPTH, html_to_article, unwrap_deep_nesting
from tests.complexity import assert_linear

ARTICLE = "قتل 5 جنود في هجوم على قاعدة عين الأسد، وأصيب 12 آخرون.\nوقال المتحدث إن الهجوم نفذ بطائرة مسيرة."


def read_one(path: str, data: bytes) -> RawArticle:
    articles, rejections = read_document(path, data)
    assert rejections == []
    (article,) = articles
    return article


def rejected(path: str, data: bytes) -> Rejection:
    articles, rejections = read_document(path, data)
    assert articles == []
    (rejection,) = rejections
    assert rejection.reason in REASONS
    assert rejection.message and rejection.source_path == path
    return rejection


# ---------------------------------------------------------------------------
# text files and encodings


def test_utf8_text_file():
    article = read_one("2024/07/001_989b01d71f21a984.txt", ARTICLE.encode("utf-8"))
    assert article.article_id == "001_989b01d71f21a984"
    assert article.source_path == "2024/07/001_989b01d71f21a984.txt"
    assert article.source_format == "txt"
    assert article.record_index is None
    assert article.encoding == "utf-8"
    assert article.raw_text == ARTICLE
    assert article.sha256 == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert (article.title, article.url, article.published) == (None, None, None)


@pytest.mark.parametrize(
    "data, encoding",
    [
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        (ARTICLE.encode("utf-16"), "utf-16"),  # with its byte order mark
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),  # no byte order mark
        (ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("cp1256"), "cp1256"),
        (ARTICLE.encode("iso8859_6"), "iso8859_6"),
        ("قتل 5 جنود".encode("iso8859_6"), "iso8859_6"),  # short: a wrong code page would still give "letters"
    ],
)
def test_every_encoding_reads_to_the_same_text_and_hash(data, encoding):
    text = "قتل 5 جنود" if len(data) < 30 else ARTICLE
    article = read_one("a.txt", data)
    assert article.raw_text == text
    assert article.encoding == encoding
    assert article.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()  # content, not bytes


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, "  \n".encode("utf-16")])
def test_empty_files(data):
    assert rejected("empty.txt", data).reason == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"\x00\x01\x02\x03\xfe\xfd\x00\x00\x07" * 20,
        ARTICLE.encode("utf-8") + b"\x00\x00\x00" + ARTICLE.encode("utf-8"),
    ],
)
def test_binary_files(data):
    assert rejected("report.txt", data).reason == "binary"


def test_binary_message_names_the_kind_of_file():
    assert "PDF" in rejected("report.txt", b"%PDF-1.4 ...").message


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(0x80, 0x100)) * 4,
        b"\x81\x8d\x8f\x90\x9d\x01\x02\x03" * 30,
    ],
)
def test_undecodable_files(data):
    assert rejected("mystery.txt", data).reason == "undecodable"


@pytest.mark.parametrize("path", ["report.pdf", "photo.JPG", "notes.docx", "README", "data.json", "page.xml"])
def test_unsupported_types(path):
    rejection = rejected(path, ARTICLE.encode("utf-8"))
    assert rejection.reason == "unsupported_type"
    assert ".txt" in rejection.message


def test_extension_is_case_insensitive():
    assert read_one("A.TXT", ARTICLE.encode()).source_format == "txt"
    assert read_one("b.HTM", b"<p>\xd9\x86\xd8\xb5</p>").source_format == "html"


# ---------------------------------------------------------------------------
# HTML

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>الموقع | مقتل 5 جنود</title>
  <meta property="og:title" content="مقتل 5 جنود في هجوم على عين الأسد">
  <meta property="og:url" content="https://example.com/news/123">
  <meta property="article:published_time" content="2024-07-25T10:30:00+03:00">
  <style>p { color: red }</style>
  <script>var views = "مشاهدة 999";</script>
</head>
<body>
  <nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/p">سياسة</a></li></ul></nav>
  <header><div class="logo">الموقع</div></header>
  <article>
    <h1>مقتل 5 جنود في هجوم على عين الأسد</h1>
    <p>قتل <b>5</b> جنود في   هجوم
       على قاعدة عين الأسد.<br>وأصيب 12 آخرون.</p>
    <figure><img src="x.jpg"><figcaption>القاعدة الجوية</figcaption></figure>
    <div>وقال المتحدث إن الهجوم <a href="#">نفذ</a> بطائرة مسيرة.</div>
    <script>track("مقتل 77");</script>
    <aside>اقرأ أيضا: 200 مليون دولار</aside>
    <form><button>أرسل</button><input value="x"></form>
    <iframe src="https://video"></iframe>
    <svg><text>700</text></svg>
    <noscript>فعل جافاسكربت</noscript>
  </article>
  <aside><article><p>خبر جانبي قصير</p></article></aside>
  <footer>جميع الحقوق محفوظة 2024</footer>
</body>
</html>"""


def test_html_article_text_and_metadata():
    article = read_one("site/page-123.html", PAGE.encode("utf-8"))
    assert article.source_format == "html"
    assert article.article_id == "page-123"
    assert article.raw_text == (
        "مقتل 5 جنود في هجوم على عين الأسد\n\n"
        "قتل 5 جنود في هجوم على قاعدة عين الأسد.\nوأصيب 12 آخرون.\n\n"
        "القاعدة الجوية\n\n"
        "وقال المتحدث إن الهجوم نفذ بطائرة مسيرة."
    )
    assert article.title == "مقتل 5 جنود في هجوم على عين الأسد"
    assert article.url == "https://example.com/news/123"
    assert (article.published, article.published_source) == (datetime(2024, 7, 25, 7, 30), "html_meta")  # in UTC
    assert article.sha256 == hashlib.sha256(article.raw_text.encode()).hexdigest()
    for chrome in ("مشاهدة", "الرئيسية", "77", "200 مليون", "أرسل", "700", "جافاسكربت", "الحقوق", "خبر جانبي"):
        assert chrome not in article.raw_text


def test_html_without_article_uses_main_or_body_and_falls_back_for_metadata():
    page = (
        "<html><head><title> عنوان الصفحة </title></head><body><nav>قائمة</nav>"
        "<main><p>فقرة أولى</p><p>فقرة ثانية</p><time datetime='2024-02-14'>14 فبراير</time></main>"
        "<div>خارج المحتوى</div></body></html>"
    )
    article = read_one("p.htm", page.encode())
    assert article.raw_text == "فقرة أولى\n\nفقرة ثانية\n\n14 فبراير"
    assert article.title == "عنوان الصفحة"
    assert (article.published, article.published_source) == (datetime(2024, 2, 14), "html_time")
    assert article.url is None

    body_only = read_one("q.html", "<body><h1>العنوان</h1><p>نص الخبر</p><link rel='canonical' href='https://e.com/q'></body>".encode())
    assert body_only.raw_text == "العنوان\n\nنص الخبر"
    assert body_only.title == "العنوان"
    assert body_only.url == "https://e.com/q"


def test_html_in_a_legacy_code_page_declared_in_its_meta():
    page = "<html><head><meta charset='windows-1256'><title>خبر</title></head><body><p>" + ARTICLE + "</p></body></html>"
    article = read_one("legacy.html", page.encode("cp1256"))
    assert article.encoding == "cp1256"
    assert article.raw_text == ARTICLE.replace("\n", " ")  # a newline inside <p> is a space in HTML
    assert article.title == "خبر"


def test_html_with_only_chrome_has_no_text():
    page = "<html><body><nav>الرئيسية</nav><script>x()</script><footer>حقوق</footer></body></html>"
    assert rejected("chrome.html", page.encode()).reason == "no_text"


def test_deeply_nested_html_does_not_fail():
    page = "<div>" * 5000 + "نص عميق" + "</div>" * 5000
    assert read_one("deep.html", page.encode()).raw_text == "نص عميق"


# ---------------------------------------------------------------------------
# JSON lines


def jsonl(*lines: object) -> bytes:
    return "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines).encode()


def test_jsonl_good_lines_kept_broken_lines_rejected_with_their_line_number():
    data = jsonl(
        {"id": "reuters-001", "text": ARTICLE, "title": "هجوم", "url": "https://r.com/1", "published": "2024-07-25"},
        "",
        '{"id": "broken", "text": "نص بلا نهاية',
        {"content": "نص ثان", "date": "2024-07-26"},
        "[1, 2, 3]",
        {"title": "بلا نص"},
        {"body": "   "},
        "   ",
        {"article": "نص ثالث", "url": "https://www.example.com/ar/news/٢٠٢٤/هجوم?id=7"},
        {"html": "<article><h1>عنوان</h1><p>نص من HTML</p><script>x()</script></article>", "guid": 42},
    )
    articles, rejections = read_document("feeds/batch.jsonl", data)
    assert [(r.record_index, r.reason) for r in rejections] == [
        (3, "bad_json"),
        (5, "bad_json"),
        (6, "no_text"),
        (7, "no_text"),
    ]
    assert all("line" in r.message for r in rejections)
    first, second, third, fourth = articles
    assert (first.article_id, first.record_index, first.source_format) == ("reuters-001", 1, "jsonl")
    assert (first.raw_text, first.title, first.url, first.published) == (ARTICLE, "هجوم", "https://r.com/1", datetime(2024, 7, 25))
    assert (second.article_id, second.raw_text, second.published) == ("batch-L00004", "نص ثان", datetime(2024, 7, 26))
    assert third.article_id == "www.example.com_ar_news_٢٠٢٤_هجوم_id_7"  # url-derived, sanitized
    assert (fourth.article_id, fourth.raw_text, fourth.title) == ("42", "عنوان\n\nنص من HTML", "عنوان")
    assert all(a.sha256 == hashlib.sha256(a.raw_text.encode()).hexdigest() for a in articles)


def test_jsonl_ids_are_sanitized():
    (article,) = read_document("x.ndjson", jsonl({"id": "../../etc/passwd \u202e خبر", "text": "نص"}))[0]
    assert article.article_id == "etc_passwd_خبر"


def test_jsonl_with_only_blank_lines_is_empty():
    assert rejected("blank.jsonl", b"\n  \n\n").reason == "empty"


def test_jsonl_in_utf16():
    (article,) = read_document("u.jsonl", jsonl({"id": "a", "text": ARTICLE}).decode().encode("utf-16"))[0]
    assert article.raw_text == ARTICLE and article.encoding == "utf-16"


# ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.bin"]), st.binary(max_size=400))
def test_read_document_never_raises(path, data):
    articles, rejections = read_document(path, data)
    assert articles or rejections
    assert all(r.reason in REASONS for r in rejections)


def test_jsonl_lone_surrogates_become_replacement_characters():
    data = b'{"id": "s", "text": "\\u0646\\u0635 \\ud800 \\ud83d\\ude00"}'
    (article,) = read_document("s.jsonl", data)[0]
    assert article.raw_text == "نص \ufffd 😀"
    article.raw_text.encode("utf-8")  # storable


@pytest.mark.parametrize(
    "markup, text",
    [
        ("<div><span>الوسوم</span><a>العراق</a><a>الولايات المتحدة</a></div>", "الوسوم العراق الولايات المتحدة"),
        ("<li><span>list 1 of 4</span><a>مقتل 3 جنود</a></li>", "list 1 of 4 مقتل 3 جنود"),
        ("<p>قال <a href='x'>المتحدث</a>، إن <span>5</span> جنود</p>", "قال المتحدث، إن 5 جنود"),
    ],
)
def test_inline_items_side_by_side_keep_a_space(markup, text):
    assert html_to_article(markup)[0] == text


# ---------------------------------------------------------------------------
# damaged bytes, mojibake, language: repaired and flagged, or refused with a reason

import io  # noqa: E402

from arqam.extraction.read.articles import FLAGS  # noqa: E402
from arqam.extraction.read.documents import InputTooLarge, read_stream  # noqa: E402
from arqam.extraction.read.mojibake import repair_mojibake  # noqa: E402
from arqam.extraction.text.arabic import arabic_share  # noqa: E402


def garble(text: str, codec: str = "cp1256", times: int = 1) -> str:
    """UTF-8 text read as ``codec`` and saved again, ``times`` times."""
    for _ in range(times):
        text = text.encode("utf-8").decode(codec, "replace")
    return text


@pytest.mark.parametrize(
    "codec, times", [("cp1256", 1), ("cp1256", 2), ("cp1256", 3), ("cp1252", 1), ("latin-1", 1), ("latin-1", 2)]
)
def test_mojibake_is_repaired_and_flagged(codec, times):
    text = ARTICLE + " «المصدر» ’قال‘ • © 2024 👁"
    if codec == "cp1252":  # Windows-1252 loses five bytes (ف's second byte among them): a text without them
        text = "قتل 5 جنود على قاعدة عين الأسد، وأصيب 12 آخرون. «المصدر» ’قال‘ • © 2024"
    article = read_one("m.txt", garble(text, codec, times).encode("utf-8"))
    expected = text
    assert article.raw_text == expected
    assert article.flags == ("mojibake_repaired",)
    assert "UTF-8 read as" in article.flag_notes
    assert article.sha256 == hashlib.sha256(expected.encode()).hexdigest()


def test_mojibake_title_and_body_of_a_page_are_repaired():
    page = f"<html><head><title>{garble('هجوم')}</title></head><body><p>{garble(ARTICLE)}</p></body></html>"
    article = read_one("p.html", page.encode())
    assert article.title == "هجوم" and article.raw_text == ARTICLE.replace("\n", " ")
    assert article.flags == ("mojibake_repaired",)


def test_mojibake_with_lost_bytes_is_repaired_where_it_can_be_and_flagged():
    text = "قتل 5 جنود في هجوم على القاعدة الجوية وأصيب 12 آخرون في الهجوم"
    article = read_one("lost.txt", garble(text, "cp1252").encode())  # في: its ف byte is lost in cp1252
    assert article.flags == ("mojibake_repaired", "mojibake_suspected")
    assert "قتل 5 جنود" in article.raw_text and "بلا" not in article.raw_text
    assert "\ufffd" in article.raw_text  # what was lost stays visible


def test_mojibake_beyond_repair_is_quarantined():
    rejection = rejected("lost.txt", garble("في فيلق فرقة في الفلوجة في فجر في فبراير", "cp1252").encode())
    assert rejection.reason == "mojibake" and "cannot be restored" in rejection.message


@pytest.mark.parametrize(
    "text",
    [
        "في الشرق الأوسط، قال المتحدث إن 5 جنود قتلوا.",  # ط then ، : a real letter and comma
        "أ، ب، ج: ثلاثة خيارات أمام الحكومة.",  # "أ،" is valid UTF-8 read as cp1256 ... of "á"
        "قال «المجتمع» إن الضغط» زاد، وع» ق» لا معنى لها.",  # "ع»" would decode to "ڻ"
        "ظ‚",  # a single garbled pair: too little to tell
        "Le café à Bagdad: São Paulo, Øresund, Ålborg.",  # accented Latin is no mojibake
    ],
)
def test_text_that_only_looks_garbled_is_left_alone(text):
    repair = repair_mojibake(text)
    assert (repair.text, repair.restored, repair.suspected) == (text, 0, False)


def test_every_shipped_arabic_text_is_left_alone():
    from arqam.pipelines.settings import PROJECT_ROOT

    folders = [PROJECT_ROOT / "corpus" / "seeds", PROJECT_ROOT / "tests" / "articles"]
    texts = [p.read_bytes() for folder in folders for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")]
    assert len(texts) >= 15
    for data in texts:
        articles, _ = read_document("x.html" if data.lstrip()[:1] == b"<" else "x.txt", data)
        for article in articles:
            assert "mojibake_repaired" not in article.flags and "mojibake_suspected" not in article.flags


def test_utf8_cut_inside_its_last_character_is_kept_and_flagged():
    text = ARTICLE.rstrip(".")
    article = read_one("cut.txt", text.encode("utf-8")[:-1])
    assert article.raw_text == text[:-1] + "\ufffd"
    assert article.flags == ("invalid_bytes_replaced",) and article.encoding == "utf-8"
    assert "1 byte sequence" in article.flag_notes


def test_stray_bytes_are_replaced_and_a_figure_they_touch_is_masked():
    data = "قتل 1".encode() + b"\xff" + "5 جنود في هجوم على قاعدة عين الأسد، وأصيب 12 آخرون.".encode() + b"\xc3"
    article = read_one("stray.txt", codecs.BOM_UTF8 + data)
    assert article.raw_text.startswith("قتل \ufffd\ufffd\ufffd جنود")  # not "5 جنود", not "15 جنود"
    assert "12 آخرون" in article.raw_text  # the figure the damage did not touch
    assert article.flags == ("invalid_bytes_replaced",) and "1 figure touched" in article.flag_notes


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("cp1256"),  # all non-ASCII bytes "bad": another encoding, never damaged UTF-8
        ARTICLE.encode("iso8859_6"),
        ARTICLE.encode("utf-8")[:60] + bytes(range(0x80, 0xC0)) * 2 + ARTICLE.encode("utf-8")[60:],  # more damage than text
    ],
)
def test_heavy_damage_or_another_encoding_is_not_taken_for_damaged_utf8(data):
    articles, rejections = read_document("x.txt", data)
    assert all("invalid_bytes_replaced" not in a.flags for a in articles)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_cut_in_half_a_character(encoding):
    article = read_one("cut16.txt", ARTICLE.encode(encoding)[:-1])
    assert article.raw_text == ARTICLE[:-1] + "\ufffd" and article.flags == ("invalid_bytes_replaced",)


def test_legacy_code_pages_are_flagged_as_guessed_unless_declared():
    assert read_one("a.txt", ARTICLE.encode("cp1256")).flags == ("encoding_guessed",)
    assert read_one("a.txt", ARTICLE.encode("iso8859_6")).flags == ("encoding_guessed",)
    page = "<html><head><meta charset='windows-1256'></head><body><p>" + ARTICLE + "</p></body></html>"
    assert read_one("a.html", page.encode("cp1256")).flags == ()
    assert read_one("a.txt", ARTICLE.encode("utf-16-le")).flags == ()


@pytest.mark.parametrize(
    "path, data",
    [
        ("en.txt", b"The Pentagon said 2,500 US troops remain in Iraq after 160 attacks."),
        ("fr.html", "<p>Le Pentagone a déclaré que 2 500 soldats restent en Irak.</p>".encode()),
        ("mixed.txt", ("Breaking news from the region, in English mostly. " * 4 + "قتل 5 جنود").encode()),
    ],
)
def test_articles_not_in_arabic_are_kept_and_flagged_with_their_share(path, data):
    article = read_one(path, data)
    assert article.flags == ("not_arabic",)
    assert "% of its letters are Arabic" in article.flag_notes


def test_digits_and_punctuation_alone_are_no_text():
    assert rejected("digits.txt", b"2024 - 12 - 500 000").reason == "no_text"


def test_an_arabic_article_with_some_english_is_kept():
    article = read_one("a.txt", (ARTICLE + "\nSource: Reuters, AFP").encode())
    assert article.flags == ()
    assert arabic_share(article.raw_text)[0] > 0.5


@pytest.mark.parametrize(
    "figure, digits",
    [
        ("٤٤٠٢٥٩٩٨٧٣٣١٠٠٢٦٥٥٣٨١٢", 22),  # a transfer reference in Arabic-Indic digits
        ("9" * 30, 30),
        ("1,000,000,000,000,000,000", 19),  # grouped: the parser reads it as one run of 19 digits
    ],
)
def test_a_digit_run_too_long_to_be_an_amount_is_kept_and_flagged_with_where_it_is(figure, digits):
    """Such a run is never read as a number (it was once dropped without a trace)."""
    text = f"أوضح البيان أن الرقم {figure} مليون دولار يخص حوالة مصرفية، وأن 30 جنديا وصلوا أمس."
    article = read_one("a.txt", text.encode())
    assert article.flags == ("number_too_long",)
    at = text.index(figure)
    assert article.flag_notes == (
        f"a run of {digits} digits at character {at} is not read as a number (over 18 digits: an identifier, not an amount)"
    )
    from arqam.extraction.numbers.parser import find_quantities

    assert [q.value for q in find_quantities(article.raw_text)] == [30]  # nor its scale word read alone


def test_several_overlong_runs_are_counted_in_one_note_and_eighteen_digits_are_no_flag():
    text = "سجلت الوزارة الشحنتين برقمي 1234567890123456789 و98765432109876543210، وقيمة العقد 123456789012345678 دينار."
    article = read_one("a.txt", text.encode())
    assert article.flags == ("number_too_long",)
    assert article.flag_notes.startswith("2 runs of digits are not read as numbers")
    assert f"the first: 19 digits at character {text.index('1234567890123456789')}" in article.flag_notes
    assert read_one("b.txt", "وقيمة العقد 123456789012345678 دينار عراقي.".encode()).flags == ()


def test_flags_are_a_closed_ordered_set():
    assert FLAGS == (
        "invalid_bytes_replaced", "encoding_guessed", "mojibake_repaired", "mojibake_suspected", "not_arabic",
        "number_too_long", "published_unreadable",
    )
    assert "mojibake" in REASONS and not set(FLAGS) & set(REASONS)


# ---------------------------------------------------------------------------
# streams: JSON Lines line by line, binary refused from its first bytes


class Stream(io.BytesIO):
    """A file that records how it is read, and refuses to be read whole."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.largest = 0

    def read(self, size=-1):
        assert size is not None and size >= 0, "read whole"
        chunk = super().read(size)
        self.largest = max(self.largest, len(chunk))
        return chunk


def test_json_lines_are_read_line_by_line():
    lines = [json.dumps({"id": f"r{i}", "text": ARTICLE + f" {i}", "pad": "x" * 2000}, ensure_ascii=False) for i in range(200)]
    stream = Stream("\n".join(lines).encode())
    articles, rejections = read_stream("big.jsonl", stream)
    assert len(articles) == 200 and rejections == []
    assert stream.largest <= 64 * 1024  # the first 64 KiB, then one line at a time


def test_json_lines_in_several_encodings_and_with_damage():
    good = json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False).encode()
    legacy = json.dumps({"id": "b", "text": ARTICLE + " ب"}, ensure_ascii=False).encode("cp1256")
    damaged = json.dumps({"id": "c", "text": ARTICLE + " ج"}, ensure_ascii=False).encode()[:-4] + b'\xd8"}'
    noise = bytes(range(0x80, 0x100))
    articles, rejections = read_document("mixed.jsonl", b"\n".join([good, legacy, damaged, noise, good.replace(b'"a"', b'"d"')]))
    by_id = {a.article_id: a for a in articles}
    assert by_id["a"].flags == () and by_id["a"].encoding == "utf-8"
    assert by_id["b"].encoding == "cp1256" and by_id["b"].flags == ("encoding_guessed",)
    assert by_id["c"].flags == ("invalid_bytes_replaced",)
    assert [(r.record_index, r.reason) for r in rejections] == [(4, "undecodable")]
    assert "d" in by_id  # the same text under another id is the ingest's business (duplicate), not the reader's


def test_a_whole_json_lines_file_in_a_legacy_code_page():
    data = "\n".join(json.dumps({"id": f"w{i}", "text": ARTICLE + f" {i}"}, ensure_ascii=False) for i in range(5))
    articles, rejections = read_document("legacy.jsonl", data.encode("cp1256"))
    assert rejections == [] and [a.encoding for a in articles] == ["cp1256"] * 5
    assert all(a.raw_text.startswith(ARTICLE) for a in articles)


def test_a_bom_json_lines_file_and_its_line_numbers():
    data = codecs.BOM_UTF8 + jsonl({"id": "a", "text": ARTICLE}, "", "{oops", {"id": "b", "text": ARTICLE + " ب"})
    articles, rejections = read_document("bom.jsonl", data)
    assert [(a.article_id, a.record_index, a.encoding) for a in articles] == [("a", 1, "utf-8-sig"), ("b", 4, "utf-8-sig")]
    assert [(r.record_index, r.reason) for r in rejections] == [(3, "bad_json")]


def test_binary_is_refused_from_its_first_bytes():
    class Refuses(Stream):
        def read(self, size=-1):
            if self.tell() > 0:
                raise AssertionError("read past the first chunk")
            return super().read(size)

    for path in ("x.txt", "x.html", "x.jsonl"):
        articles, rejections = read_stream(path, Refuses(b"%PDF-1.7" + b"\x00" * (200 * 1024)))
        assert [r.reason for r in rejections] == ["binary"]


def test_the_callers_limit_and_disk_errors_go_up():
    class TooLarge(io.BytesIO):
        def read(self, size=-1):
            raise InputTooLarge("over")

    class Broken(io.BytesIO):
        def read(self, size=-1):
            raise OSError(5, "Input/output error")

    for stream_class, error in ((TooLarge, InputTooLarge), (Broken, OSError)):
        with pytest.raises(error):
            read_stream("x.txt", stream_class(b""))


@pytest.mark.parametrize(
    "page, kept, dropped",
    [
        ("<html><body><div><p>قتل 5 جنود<div><span>تابع<p></body>", ["قتل 5 جنود", "تابع"], []),  # unclosed tags
        ("<p>قتل 5 جنود</b></i></div></p></span>وأصيب 3</td>", ["قتل 5 جنود", "وأصيب 3"], []),  # stray end tags
        (
            "<p>قتل 5 جنود</p><!-- 900 جندي --><![CDATA[ 800 ]]><template>700 جندي</template>"
            "<script>document.write('<p>600 جندي</p>')</script><style>p:after{content:'500'}</style>",
            ["قتل 5 جنود"],
            ["900", "800", "700", "600", "500"],
        ),
        ("<script>var s = '</div><p>400 جندي</p>';</script><p>قتل 5 جنود</p>", ["قتل 5 جنود"], ["400"]),
        ("<p>قتل 5 جنود" + "<b>" * 30_000 + "وأصيب 3", ["قتل 5 جنود", "وأصيب 3"], []),  # never closed, very deep
    ],
)
def test_broken_and_hostile_html(page, kept, dropped):
    text = read_one("page.html", page.encode()).raw_text
    assert all(k in text for k in kept) and not any(d in text for d in dropped)



_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
_ARABIC_TEXT = st.text(
    st.sampled_from([*_LETTERS, *"0123456789٠١٢٣", " ", " ", "،", ".", "«", "»", "\n", "؟"]), max_size=200
)


@settings(max_examples=300, deadline=None)
@given(_ARABIC_TEXT)
def test_arabic_text_is_never_taken_for_mojibake(text):
    assert repair_mojibake(text).text == text


@settings(max_examples=300, deadline=None)
@given(_ARABIC_TEXT)
def test_any_arabic_text_garbled_through_cp1256_comes_back(text):
    # (ء غ ث garble to a letter and «،» «؛» «»»: alone they cannot be told from real text)
    if sum(char in _LETTERS and char not in "ءغث" for char in text) >= 2:
        assert repair_mojibake(garble(text)).text == text


# ---------------------------------------------------------------------------
# deep nesting: the parser's cost grows with depth, so tags past MAX_HTML_DEPTH are unwrapped


@pytest.mark.parametrize(
    "markup, limit, expected",
    [
        ("<div>" * 3 + "x" + "</div>" * 3, 2, "<div><div>x</div></div>"),
        ("<div><p>a<p>b<div>c</div></div>", 1, "<div><p>a<p>bc</div>"),  # p and its siblings do not deepen
        ("<div><br><img src=x><hr>" + "<span>" * 2 + "y", 2, "<div><br><img src=x><hr><span>y"),  # void tags neither
        ("</div></div><div>z</div>", 1, "</div></div><div>z</div>"),  # closes with no open: nothing to unwrap
        ("<div>a</div>" * 5, 1, "<div>a</div>" * 5),  # siblings are not nesting
    ],
)
def test_tags_nested_past_the_limit_are_unwrapped_and_their_text_kept(markup, limit, expected):
    assert unwrap_deep_nesting(markup, limit) == expected


@pytest.mark.parametrize("closed", [True, False])
def test_a_page_nested_far_deeper_than_any_real_one_is_read_in_linear_time(closed):
    def page(n: int) -> bytes:
        return ("<div>" * n + "<p>قتل 5 جنود في بغداد اليوم</p>" + ("</div>" * n if closed else "")).encode()

    (article,) = read_document("deep.html", page(20 * MAX_HTML_DEPTH))[0]
    assert article.raw_text == "قتل 5 جنود في بغداد اليوم"
    assert_linear(lambda data: read_document("deep.html", data), page, n=2000)


# ---------------------------------------------------------------------------
# What one article may hold: beyond it, refused with a reason before any other work


def _long_prose(characters: int) -> str:
    """Arabic prose with few figures, at least ``characters`` long."""
    sentence = "وأفاد مراسلنا بأن الدوريات المشتركة واصلت عملها على الطريق الدولي دون حوادث تذكر. "
    return sentence * (characters // len(sentence) + 1)


def test_an_article_over_the_character_limit_is_refused_as_too_long_in_every_format():
    from arqam.extraction.read.articles import MAX_ARTICLE_CHARS

    body = _long_prose(MAX_ARTICLE_CHARS + 1)
    assert rejected("dump.txt", body.encode()).reason == "too_long"
    page = f"<html><body><article><p>{body}</p></article></body></html>"
    assert rejected("dump.html", page.encode()).reason == "too_long"
    feed = json.dumps({"id": "glued", "text": body}, ensure_ascii=False) + "\n"
    refusal = rejected("feed.jsonl", feed.encode())
    assert (refusal.reason, refusal.record_index) == ("too_long", 1)
    assert f"{len(body):,} characters" in refusal.message and "line 1" in refusal.message


def test_an_article_just_inside_the_limits_is_read():
    from arqam.extraction.read.articles import MAX_ARTICLE_CHARS, MAX_ARTICLE_FIGURES

    body = ("سقط 4 قتلى. " * MAX_ARTICLE_FIGURES)[: MAX_ARTICLE_CHARS]
    assert read_one("long.txt", body.encode()).raw_text == body


def test_an_article_that_is_a_dump_of_numbers_is_refused_as_too_many_figures():
    from arqam.extraction.read.articles import MAX_ARTICLE_FIGURES

    dump = "قتل " + "1 " * (MAX_ARTICLE_FIGURES + 1) + "جندي"
    refusal = rejected("table.txt", dump.encode())
    assert refusal.reason == "too_many_figures"
    assert f"{MAX_ARTICLE_FIGURES + 1:,} numbers" in refusal.message
    eastern = "قتل " + "١ " * (MAX_ARTICLE_FIGURES + 1) + "جندي"  # digits of every script count
    assert rejected("table.txt", eastern.encode()).reason == "too_many_figures"


def test_a_page_whose_markup_is_over_the_page_limit_is_refused_before_it_is_parsed(monkeypatch):
    from arqam.extraction.read import documents, jsonl
    from arqam.extraction.read.articles import MAX_PAGE_CHARS

    def must_not_parse(markup):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(documents, "html_article", must_not_parse)  # a page file
    monkeypatch.setattr(jsonl, "html_article", must_not_parse)  # a feed's html field
    page = "<html><body>" + "<div>" * 10 + "x" * MAX_PAGE_CHARS + "</body></html>"
    refusal = rejected("heavy.html", page.encode())
    assert refusal.reason == "too_long" and "characters of HTML" in refusal.message
    feed = json.dumps({"id": "p", "html": page}) + "\n"
    assert rejected("feed.jsonl", feed.encode()).reason == "too_long"


def test_a_refused_line_of_a_feed_costs_only_itself():
    from arqam.extraction.read.articles import MAX_ARTICLE_FIGURES

    lines = [
        {"id": "before", "text": ARTICLE},
        {"id": "dump", "text": "جرحى " + "٣ " * (MAX_ARTICLE_FIGURES * 2)},
        {"id": "after", "text": ARTICLE.replace("5", "6")},
    ]
    feed = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
    articles, rejections = read_document("feed.jsonl", feed)
    assert [a.article_id for a in articles] == ["before", "after"]
    assert [(r.record_index, r.reason) for r in rejections] == [(2, "too_many_figures")]
