"""Reading inbox files: every encoding and format read, everything else rejected with a reason."""
from __future__ import annotations

import codecs
import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.reading import REASONS, RawArticle, Rejection, html_to_article, read_document

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
    assert article.published == "2024-07-25T10:30:00+03:00"
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
    assert article.published == "2024-02-14"
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
    assert (first.raw_text, first.title, first.url, first.published) == (ARTICLE, "هجوم", "https://r.com/1", "2024-07-25")
    assert (second.article_id, second.raw_text, second.published) == ("batch-L00004", "نص ثان", "2024-07-26")
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
