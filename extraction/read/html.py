"""Markup to text: the article element's text with a real HTML parser (lexbor), scripts, styles,
navigation and footers dropped, blocks on their own lines; elements nested deeper than
``MAX_HTML_DEPTH`` unwrapped first; the title, canonical URL and publication dates of the page's
meta and JSON-LD kept.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from arqam.extraction.read.published import json_ld_dates

# Elements whose content is never article text.
HTML_DROPPED_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button",
    "nav", "footer", "aside", "select", "textarea", "object", "embed", "canvas",
]
# Elements that start a new line of text.
HTML_BLOCK_TAGS = frozenset(
    [
        "address", "article", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
        "tr", "td", "th", "ul",
    ]
)
# Inline elements that pages set side by side as separate items (tags, links, labels of a
# widget: <span>الوسوم</span><a>العراق</a>): a space between them, or their words run together.
HTML_SPACED_TAGS = frozenset(["a", "span", "button", "label", "time", "small", "cite", "abbr"])
_PARAGRAPH_BREAK, _LINE_BREAK = "\ue000", "\ue001"  # private-use sentinels while flattening HTML
_INLINE_GAP = "\ue002"  # a space between inline items, unless the text already has one or punctuation follows
_INLINE_GAPS_RE = re.compile(f"{_INLINE_GAP}{{2,}}")
_INLINE_GAP_RE = re.compile(_INLINE_GAP)
# a gap is not needed after the start, a space or a break, nor before the end, a space, a break or punctuation
_NO_GAP_AFTER = frozenset(f" {_PARAGRAPH_BREAK}{_LINE_BREAK}")
_NO_GAP_BEFORE = frozenset(f" {_PARAGRAPH_BREAK}{_LINE_BREAK}،,.:;!?؟؛)]»")
# HTML whitespace collapsed to one space, where that changes something (a single space is left alone)
_HTML_SPACE_RE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
# Elements nested deeper than this are unwrapped before parsing (their text kept): the HTML
# parser's cost grows with depth times elements, and Blink caps the tree at the same depth.
MAX_HTML_DEPTH = 512
# a tag, never scanned past the next < or > (so each character is looked at a bounded number of times)
_TAG_RE = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)(?:[\s/][^<>]*)?>")
# Elements that never deepen the tree: void ones, and those a sibling closes (<p><p>, <li><li>).
_FLAT_TAGS = frozenset(
    [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
        "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
    ]
)
# a run of breaks and spaces (the space before it goes with the end of its line)
_BREAKS_RE = re.compile(f"[{_PARAGRAPH_BREAK}{_LINE_BREAK}][ {_PARAGRAPH_BREAK}{_LINE_BREAK}]*")


_SENTINELS = {ord(_PARAGRAPH_BREAK): None, ord(_LINE_BREAK): None, ord(_INLINE_GAP): None}


def _attribute(node: LexborNode | None, name: str) -> str | None:
    if node is None:
        return None
    value = (node.attributes.get(name) or "").strip()
    return value or None


def _flatten(root: LexborNode) -> str:
    """Text of ``root``: block elements on their own lines, HTML whitespace collapsed."""
    out: list[str] = []
    stack: list = [root]
    while stack:  # explicit stack: deeply nested pages must not hit the recursion limit
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        tag = item.tag
        if tag == "-text":
            text = item.text_content or ""
            if _PARAGRAPH_BREAK in text or _LINE_BREAK in text or _INLINE_GAP in text:
                text = text.translate(_SENTINELS)  # "&#xe002;" in a page is no gap of ours
            out.append(text)
            continue
        if tag is None or tag.startswith("-") or tag in HTML_DROPPED_TAGS:
            continue  # comments, doctype, chrome
        if tag == "br":
            out.append(_LINE_BREAK)
            continue
        if tag in HTML_BLOCK_TAGS:
            out.append(_PARAGRAPH_BREAK)
            stack.append(_PARAGRAPH_BREAK)
        elif tag in HTML_SPACED_TAGS:
            out.append(_INLINE_GAP)
            stack.append(_INLINE_GAP)
        stack.extend(reversed(list(item.iter(include_text=True))))
    return _tidy("".join(out))


def _tidy(flat: str) -> str:
    """The flattened text with its sentinels made whitespace: HTML whitespace collapsed, an inline gap
    a space where one is needed, a paragraph break a blank line, line breaks (at most two) newlines.

    Each pass looks only at what it may change: every pattern opens with the character it is about.
    """
    text = _INLINE_GAPS_RE.sub(_INLINE_GAP, _HTML_SPACE_RE.sub(" ", flat))  # one gap per run

    def gap(match: re.Match, text: str = text) -> str:
        at = match.start()
        if at == 0 or text[at - 1] in _NO_GAP_AFTER:
            return ""
        after = at + 1
        if after == len(text) or text[after] in _NO_GAP_BEFORE:  # (no newline is left to stand before the end)
            return ""
        return " "

    if _INLINE_GAP in text:
        text = _INLINE_GAP_RE.sub(gap, text)

    def breaks(match: re.Match) -> str:
        run = match.group()
        if _PARAGRAPH_BREAK in run:
            return "\n\n"
        return "\n" * min(run.count(_LINE_BREAK), 2)

    text = _BREAKS_RE.sub(breaks, text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def unwrap_deep_nesting(markup: str, limit: int = MAX_HTML_DEPTH) -> str:
    """``markup`` with the tags of elements nested deeper than ``limit`` removed, their text kept.

    A page of 100,000 nested <div> (a few hundred kB) costs the parser minutes, as its
    work grows with depth; real pages are never more than a few dozen deep.  The depth
    is counted on the tags alone, in one pass (a close tag with no open one is ignored).
    """
    if markup.count("<") <= limit:
        return markup
    pieces: list[str] = []
    depth = excess = position = 0
    for tag in _TAG_RE.finditer(markup):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _FLAT_TAGS:
            continue
        if not closing:
            if depth < limit:
                depth += 1
                continue
            excess += 1
        elif excess:
            excess -= 1
        else:
            depth = max(0, depth - 1)
            continue
        pieces.append(markup[position : tag.start()])
        position = tag.end()
    if not pieces:
        return markup
    pieces.append(markup[position:])
    return "".join(pieces)


def html_to_article(markup: str) -> tuple[str, str | None, str | None, str | None]:
    """``(text, title, url, published)`` of an HTML page (``published`` as the page writes it)."""
    text, title, url, dates = html_article(markup)
    return text, title, url, next((value for _, value in dates), None)


def html_article(markup: str) -> tuple[str, str | None, str | None, list[tuple[str, str]]]:
    """``(text, title, url, dates)`` of an HTML page; ``dates``: (source, value) of every publication
    date the page gives, in the order they are believed (``extraction.read.published``)."""
    markup = markup.replace(_PARAGRAPH_BREAK, "").replace(_LINE_BREAK, "").replace(_INLINE_GAP, "")
    tree = LexborHTMLParser(unwrap_deep_nesting(markup))
    title = _attribute(tree.css_first('meta[property="og:title"]'), "content")
    if title is None:
        node = tree.css_first("title")
        title = node.text(strip=True) if node is not None else None
    url = _attribute(tree.css_first('meta[property="og:url"]'), "content") or _attribute(
        tree.css_first('link[rel="canonical"]'), "href"
    )
    dates = [
        ("html_meta", _attribute(tree.css_first('meta[property="article:published_time"]'), "content")),
        ("html_meta", _attribute(tree.css_first('meta[itemprop="datePublished"]'), "content")),
        *(("json_ld", value) for value in json_ld_dates(
            node.text(deep=True) for node in tree.css('script[type="application/ld+json"]'))),
        ("html_time", _attribute(tree.css_first("time[datetime]"), "datetime")),
    ]
    tree.strip_tags(HTML_DROPPED_TAGS)
    articles = tree.css("article")
    root = max(articles, key=lambda n: len(n.text(deep=True))) if articles else None
    root = root or tree.css_first("main") or tree.body or tree.root
    if not title:
        heading = root.css_first("h1") if root is not None else None
        title = heading.text(strip=True) if heading is not None else None
    text = _flatten(root) if root is not None else ""
    return text, title or None, url, [(source, value) for source, value in dates if value]
