"""Page furniture: what a news page carries around the article, cut before extraction, each cut with its reason.

Three kinds of tests:

* tables of Arabic pages, one rule a row: what stays, what goes and why;
* the test articles in ``tests/articles`` (scraped text and HTML of many publishers),
  read as the pipeline reads them, with what must survive and what must not;
* the seeds, and the guarantees every cleaning keeps (offsets lead back to the raw
  text, linear time on adversarial input, readable data files).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from arqam.extraction.clean.article import CleanedText, clean_text
from arqam.extraction.clean.furniture import FURNITURE_MARKERS, REASONS, strip_page_furniture
from arqam.extraction.clean.normalize import normalize_arabic
from arqam.extraction.read.documents import read_document
from arqam.extraction.text.lexicon import read_table
from tests.complexity import assert_linear

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "corpus" / "seeds"
ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def words(line: str) -> int:
    return len(line.split())


def normalized(text: str) -> str:
    return normalize_arabic(text)[0]


def assert_offsets_lead_back(raw: str, cleaned: CleanedText) -> None:
    """Removed blocks are the raw text at their offsets, with a known reason; every sentence,
    read in the raw text without the blocks cut inside it, is the sentence (spacing aside)."""
    assert cleaned.offset_map.source_length == len(raw)
    assert cleaned.offset_map.derived_length == len(cleaned.text)
    blocks = sorted(cleaned.removed, key=lambda b: b.start)
    for block in blocks:
        assert raw[block.start : block.end] == block.text
        assert block.reason in REASONS, block.reason
    for previous, block in zip(blocks, blocks[1:]):
        assert previous.end <= block.start, (previous, block)
    for start, end in cleaned.sentences:
        raw_start, raw_end = cleaned.offset_map.span_to_source(start, end)
        pieces, position = [], raw_start
        for block in blocks:
            if block.end <= raw_start or block.start >= raw_end:
                continue
            pieces.append(raw[position : max(position, block.start)])
            if block.reason == "markup" and block.text.startswith("&"):
                pieces.append(html.unescape(block.text))  # an entity stands for its character
            position = max(position, block.end)
        pieces.append(raw[position:raw_end])
        spaceless = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
        assert spaceless(normalized("".join(pieces))) == spaceless(cleaned.text[start:end])


# ---------------------------------------------------------------------------
# one rule a row

HEAD = "مقتل 4 جنود عراقيين بهجوم قرب كركوك"
LEAD = "أعلنت وزارة الدفاع العراقية، اليوم الأحد، مقتل 4 جنود وإصابة 11 آخرين في هجوم استهدف دورية للجيش قرب كركوك."
P2 = "وقال المتحدث باسم الوزارة إن القوات الأمنية باشرت عمليات تفتيش واسعة في المنطقة بحثا عن المهاجمين."
P3 = "وأضاف أن حصيلة الهجوم قد ترتفع لأن ثلاثة من المصابين في حالة حرجة بحسب مصادر طبية في المدينة."


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


@dataclass
class Case:
    rule: str
    text: str
    keep: list[str] = field(default_factory=list)  # "\n" marks a line's edge
    gone: dict[str, str] = field(default_factory=dict)  # furniture -> the reason it goes with
    once: list[str] = field(default_factory=list)  # kept, and only once
    reasons: set[str] = field(default_factory=set)  # among the reasons of what was cut


CASES = [
    # (a) where the article ends
    Case(
        "a comment box ends the article, readers' figures with it",
        page(HEAD, LEAD, P2, "أضف تعليقك\nأبو علي: الله يرحم الشهداء، 20 عاما من الحروب تكفي العراقيين والمنطقة كلها."),
        keep=[P2],
        gone={"أضف تعليقك": "comments", "20 عاما": "comments"},
    ),
    Case(
        "a rating box ends the article",
        page(HEAD, LEAD, P2, "هل أعجبك هذا المقال؟\nمميز\nمهم"),
        keep=[P2],
        gone={"هل أعجبك": "widget", "مميز": "widget"},
    ),
    Case(
        "an encyclopedia's references end the article",
        page(HEAD, LEAD, P2, "المراجع\n^ تقرير وزارة الدفاع لعام 2020، ص 45، اطلع عليه في 3 مارس 2021."),
        keep=[P2],
        gone={"ص 45": "references"},
    ),
    Case(
        "a source line goes alone when the next paragraph carries the article on",
        page(HEAD, LEAD, "المصدر: وزارة الدفاع العراقية", P2, P3),
        keep=[LEAD, P2, P3],
        gone={"المصدر:": "source_line"},
    ),
    Case(
        "a source line followed by another article's lead ends the article",
        page(HEAD, LEAD, "المصدر: وكالات", "أعلنت وزارة الدفاع الأمريكية، الاثنين، إرسال 1500 جندي إضافي إلى المنطقة لتعزيز الدفاعات الجوية."),
        keep=[LEAD],
        gone={"1500 جندي": "source_line"},
    ),
    Case(
        "a tags line goes alone when the article carries on after it",
        page(HEAD, LEAD, "كلمات دلالية: العراق، كركوك، داعش", P2),
        keep=[LEAD, P2],
        gone={"كلمات دلالية": "tags"},
    ),
    Case(
        "a tags heading with one tag a line, then nothing: the tail goes",
        page(HEAD, LEAD, P2, "الوسوم\nالعراق\nكركوك\nمقتل 3 جنود"),
        keep=[P2],
        gone={"الوسوم": "tags", "مقتل 3 جنود": "tags"},
    ),
    Case(
        "a share bar at the end goes; in the middle of the body it goes alone",
        page(HEAD, LEAD, "شارك", P2, "شارك\nفيسبوك\nتويتر"),
        keep=[LEAD, P2],
        gone={"شارك": "widget", "فيسبوك": "widget"},
    ),
    # (b) related-content blocks
    Case(
        "a related heading inside the body goes with its links only",
        page(HEAD, LEAD, "اقرأ أيضا:\nمقتل 5 جنود أمريكيين في هجوم بمسيرة على قاعدة بالأردن", P2),
        keep=[LEAD, P2],
        gone={"مقتل 5 جنود": "related_articles"},
    ),
    Case(
        "a related link on one line, the article carrying on",
        page(HEAD, LEAD, "اقرأ أيضا: البرلمان يصوت على موازنة بقيمة 211 تريليون دينار", P2),
        keep=[LEAD, P2],
        gone={"211 تريليون": "related_articles"},
    ),
    Case(
        "an article pasted under 'read also' goes to the end of the page",
        page(
            HEAD, LEAD, P2, "اقرأ أيضا:", "الحوثيون يعلنون استهداف سفينة تجارية في خليج عدن",
            "أعلن المتحدث العسكري باسم جماعة الحوثي، مساء الجمعة، استهداف سفينة تجارية بثلاثة صواريخ بحرية في خليج عدن.",
            "وقال في بيان متلفز إن الجماعة نفذت أكثر من 33 عملية ضد سفن مرتبطة بإسرائيل منذ تشرين الثاني الماضي.",
        ),
        keep=[LEAD, P2],
        gone={"الحوثيون يعلنون": "related_articles", "مساء الجمعة": "pasted_article", "33 عملية": "pasted_article"},
    ),
    Case(
        "an article pasted under 'read also' goes up to the next furniture marker",
        page(
            HEAD, LEAD, "اقرأ أيضا:\nواشنطن ترسل 1500 جندي إلى المنطقة",
            "أعلن البنتاغون، الاثنين، إرسال 1500 جندي إضافي إلى الشرق الأوسط لتعزيز الدفاعات الجوية في قواعده.",
            "كلمات دلالية: البنتاغون، الشرق الأوسط",
        ),
        keep=[LEAD],
        gone={"1500 جندي إضافي": "pasted_article", "كلمات دلالية": "tags"},
    ),
    Case(
        "after a related link, a paragraph without the lead's ', today,' stays",
        page(HEAD, LEAD, "اقرأ أيضا: مقتل 5 جنود في هجوم",
             "الخميس الماضي، قتل جنديان في هجوم مماثل على قاعدة قريبة من المدينة نفسها بحسب مصادر أمنية."),
        keep=[LEAD, "الخميس الماضي، قتل جنديان في هجوم مماثل"],
        gone={"مقتل 5 جنود": "related_articles"},
    ),
    Case(
        "a ticker's items separated by ellipses on one line are navigation",
        page(HEAD, "شريط الأخبار: فتح 3 طرق في المنطقة الخضراء ... تدمير 7 مضافات في مطيبيجة ... وفاة 2 بحادث سير ...", LEAD, P2),
        keep=[LEAD, P2],
        gone={"تدمير 7 مضافات": "navigation"},
    ),
    Case(
        "a messaging channel's preview is a feed of posts: its short lines and 'عاجل |' posts stay",
        page("قناة المرابطين", "@channel_news\n128K subscribers  ·  Preview channel | Join channel",
             "🔴 عاجل | استهداف قاعدة التنف بـ3 مسيرات", "👁 41.2K  ·  16:07",
             "🔴 البنتاغون: 2 من جنودنا أصيبوا بجروح طفيفة في هجوم على قاعدة شرق سوريا", "👁 38K  ·  22:31",
             "Telegram · t.me/s/channel_news"),
        keep=["استهداف قاعدة التنف بـ3 مسيرات", "2 من جنودنا أصيبوا بجروح طفيفة"],
        gone={"41.2K": "counter"},
    ),
    Case(
        "a timeline box under a heading with a colon is the article's (rows of a label, a colon and a figure)",
        page(HEAD, LEAD, "أعداد القوات الأمريكية في العراق:\n2014: 275 مستشارا\n2016: 5200 جندي\n2019: نحو 5000\n2020: 3000", P2),
        keep=[LEAD, "2016: 5200 جندي", "2019: نحو 5000", "2020: 3000", P2],
        gone={},
    ),
    Case(
        "headlines with a place and a colon are still links",
        page(HEAD, LEAD, P2, "بغداد: مقتل 3 جنود في هجوم شمال المدينة\nأربيل: سقوط مسيرتين قرب المطار الدولي\nكركوك: اعتقال 12 مطلوبا في حملة أمنية"),
        keep=[P2],
        gone={"مقتل 3 جنود": "list_of_links", "اعتقال 12 مطلوبا": "list_of_links"},
    ),
    Case(
        "an inline related link named after the site (أيضا في <site>:) goes, the paragraph after it stays",
        page(HEAD, LEAD, "أيضا في الوكالة: هجومان بمسيرات على قاعدتين في الأنبار خلال 24 ساعة", P2),
        keep=[LEAD, P2],
        gone={"هجومان بمسيرات": "related_articles"},
    ),
    Case(
        "a related list at the end of the page",
        page(HEAD, LEAD, P2, "مقالات ذات صلة\n• واشنطن تسحب 2200 جندي من العراق\n• هجوم بـ14 صاروخا على عين الأسد"),
        keep=[P2],
        gone={"2200 جندي": "related_articles", "14 صاروخا": "related_articles"},
    ),
    Case(
        "a sponsored block goes with its links",
        page(HEAD, LEAD, "محتوى مدفوع\nخصم 50% على باقات السفر لفترة محدودة\nاحصل على 1000 درهم عند فتح حسابك", P2),
        keep=[LEAD, P2],
        gone={"1000 درهم": "advertisement", "خصم 50%": "advertisement"},
    ),
    # (c) lists of links
    Case(
        "bulleted short lines are links",
        page(HEAD, LEAD, "• وزير الدفاع يزور الجبهة\n• البرلمان يناقش موازنة بـ 200 مليار", P2),
        keep=[LEAD, P2],
        gone={"200 مليار": "list_of_links"},
    ),
    Case(
        "three headlines in a row after the body began are links",
        page(
            HEAD, LEAD,
            "واشنطن تعلن إرسال 1500 جندي إضافي إلى الشرق الأوسط\nالبرلمان العراقي يصوت على موازنة بقيمة 211 تريليون دينار\nمقتل 7 جنود أميركيين بهجوم بطائرة مسيرة في الأردن",
            P2,
        ),
        keep=[LEAD, P2],
        gone={"1500 جندي": "list_of_links", "مقتل 7 جنود": "list_of_links"},
    ),
    Case(
        "a list introduced by a sentence ending with ':' is content",
        page(HEAD, LEAD, "وتوزعت القوات على المحافظات على النحو الآتي:\nبغداد: 1200 جندي\nنينوى: 900 جندي\nالأنبار: 400 جندي", P2),
        keep=["بغداد: 1200 جندي", "نينوى: 900 جندي", "الأنبار: 400 جندي", P2],
    ),
    Case(
        "headline, subtitle and caption above the body stay",
        page("قوات أمريكية تغادر قاعدة عين الأسد\nالمرحلة الأولى تشمل 500 جندي من أصل 2500\nجنود أمريكيون خلال مغادرتهم القاعدة غرب العراق", LEAD),
        keep=["قوات أمريكية تغادر قاعدة عين الأسد", "المرحلة الأولى تشمل 500 جندي من أصل 2500", "جنود أمريكيون خلال مغادرتهم"],
    ),
    Case(
        "a table of figures with short cells stays",
        page(HEAD, LEAD, "المملكة العربية السعودية", "1.5 مليار دولار", "دولة الكويت", "2 مليار دولار", P2),
        keep=["1.5 مليار دولار", "2 مليار دولار"],
    ),
    # (d) navigation
    Case(
        "a menu line and a breadcrumb",
        page("الرئيسية | أخبار | سياسة | اقتصاد | رياضة", "الرئيسية › العالم العربي › العراق", HEAD, LEAD),
        keep=[HEAD, LEAD],
        gone={"سياسة": "navigation", "العالم العربي": "navigation"},
    ),
    Case(
        "a menu one item a line",
        "أخبار\nسياسة\nاقتصاد\nرياضة\n\n" + page(HEAD, LEAD),
        keep=[HEAD, LEAD],
        gone={"رياضة": "navigation"},
    ),
    Case(
        "a section label under the headline",
        page(HEAD + "\nعربي ودولي", LEAD, P2),
        keep=[HEAD, LEAD],
        gone={"عربي ودولي": "navigation"},
    ),
    Case(
        "one-word lines of a list that a sentence introduces stay",
        page(HEAD, LEAD, "وشملت المحافظات المتضررة كلا من:\nبغداد\nنينوى\nالأنبار\nصلاح الدين", P2),
        keep=["بغداد\nنينوى\nالأنبار\nصلاح الدين"],
    ),
    Case(
        "subheadings between paragraphs stay",
        page(HEAD, LEAD, "تفاصيل الهجوم", P2, "ردود فعل", P3),
        keep=["\nتفاصيل الهجوم\n", "\nردود فعل\n", P3],
    ),
    # (e) widgets, counters, ads, copyright
    Case(
        "a line of share and tool words",
        page(HEAD, "شارك فيسبوك إكس واتساب نسخ الرابط", "طباعة إرسال تكبير الخط تصغير الخط", LEAD),
        keep=[HEAD, LEAD],
        gone={"واتساب": "widget", "تكبير الخط": "widget"},
    ),
    Case(
        "view counters, reading times and time stamps",
        page(HEAD + "\nعدد المشاهدات: 1,234\n👁 1.2K\n💬 14\nقراءة 3 دقائق\n٤ دقائق للقراءة\nوقت القراءة: تسعة دقائق\nمنذ ساعتين", LEAD),
        keep=[HEAD, LEAD],
        gone={"1,234": "counter", "1.2K": "counter", "💬 14": "counter", "قراءة 3": "counter",
              "4 دقائق": "counter", "تسعة دقائق": "counter", "منذ ساعتين": "counter"},
    ),
    Case(
        "a counter at the end of a metadata line goes, the date stays",
        page(HEAD + "\nالأحد 14 يناير 2024 - 10:30 | عدد القراءات: 523\nأربيل 2024-01-04 08:15 2,118\nنشر: 18 فبراير 2021 1,875 مشاهدة", LEAD),
        keep=["الأحد 14 يناير 2024 - 10:30", "أربيل 2024-01-04 08:15", "نشر: 18 فبراير 2021"],
        gone={"523": "counter", "2,118": "counter", "1,875 مشاهدة": "counter"},
    ),
    Case(
        "UI words open a line as whole words: 'نشر في:' is a widget, 'نشر فيديو' a caption",
        page(HEAD + "\nنشر في: 12 مايو 2024\nنشر فيديو يظهر لحظة سقوط الصاروخ على القاعدة", LEAD),
        keep=["نشر فيديو يظهر لحظة سقوط الصاروخ على القاعدة"],
        gone={"نشر في:": "widget"},
    ),
    Case(
        "a headline ending with a duration keeps it",
        page("هجوم جديد على عين الأسد منذ 3 أيام", LEAD),
        keep=["هجوم جديد على عين الأسد منذ 3 أيام"],
    ),
    Case(
        "ad markers, in Arabic, English and French",
        page(HEAD, LEAD, "إعلان", P2, "Advertisement", "تابع القراءة بعد الإعلان", "Publicité", P3),
        keep=[LEAD, P2, P3],
        gone={"إعلان\n": "advertisement", "Advertisement": "advertisement", "Publicité": "advertisement"},
    ),
    Case(
        "copyright notices",
        page(HEAD, LEAD, P2, "جميع الحقوق محفوظة © 2024 شبكة الأخبار العراقية", "© Thomson Reuters 2024. All rights reserved."),
        keep=[P2],
        gone={"جميع الحقوق محفوظة": "widget", "Thomson Reuters": "widget"},
    ),
    # (f) bylines
    Case(
        "bylines: a pen, a pipe, an agency, a quoted site, a wire's 'from'",
        page(
            HEAD + "\nبقلم: د. أحمد علي - كاتب وباحث\nأنس البار |\nهسبريس - أ ف ب\nبروكسل: «الشرق الأوسط»\nمن أحمد رشيد وتيمور أزهري\nكتب محمد عبد الرازق",
            LEAD,
        ),
        keep=[HEAD, LEAD],
        gone={"بقلم": "byline", "أنس البار": "byline", "هسبريس - أ ف ب": "byline", "«الشرق الأوسط»": "byline",
              "تيمور أزهري": "byline", "عبد الرازق": "byline"},
    ),
    Case(
        "headlines that name an agency, quote someone or start with 'من' are headlines",
        page("رويترز: انسحاب أمريكي قريب", LEAD, "بايدن: «الحرب انتهت»", P2, "من بغداد إلى واشنطن: حوار أمني طويل", P3),
        keep=["رويترز: انسحاب أمريكي قريب", "بايدن: «الحرب انتهت»", "من بغداد إلى واشنطن: حوار أمني طويل"],
    ),
    Case(
        "a noun that opens bylines only with a colon: 'تحرير الموصل' is a subheading",
        page(HEAD + "\nإعداد: سارة محمد", LEAD, "تحرير الموصل", P2),
        keep=["\nتحرير الموصل\n", P2],
        gone={"سارة محمد": "byline"},
    ),
    Case(
        "a comment phrase that prose may use ends the article only as a short line",
        page(HEAD, LEAD, "وقال المحرر إن تعليقات القراء على الخبر تجاوزت 500 تعليق خلال ساعة واحدة من نشره على الموقع.", P2,
             "تعليقات القراء\nقارئ: 10 آلاف جندي أمريكي ما زالوا في المنطقة"),
        keep=["تعليقات القراء على الخبر تجاوزت 500 تعليق", P2],
        gone={"10 آلاف جندي": "comments"},
    ),
    # (g) markup and other languages
    Case(
        "markup lines: tags, scripts, bare URLs",
        page(HEAD, '<div class="post-meta">', LEAD,
             "<script>googletag.cmd.push(function() { googletag.display('div-gpt-ad-1561234567890-0'); });</script>",
             "https://www.example.com/news/2024/5/12/485112", P2, "</div>"),
        keep=[LEAD, P2],
        gone={"post-meta": "markup", "googletag": "markup", "485112": "markup", "</div>": "markup"},
    ),
    Case(
        "lines without Arabic: buttons, an embedded post, its signature",
        page(HEAD, "Facebook X Telegram WhatsApp", LEAD,
             "U.S. and Coalition forces shot down three one-way attack drones near Erbil Air Base. pic.twitter.com/Xy7Qz3k9Lm",
             "— U.S. Central Command (@CENTCOM) January 4, 2024", P2),
        keep=[LEAD, P2],
        gone={"Telegram": "other_script", "three one-way": "other_script", "@CENTCOM": "other_script"},
    ),
    Case(
        "Persian and Kurdish lines in Arabic letters",
        page(HEAD, LEAD, "آمریکا ۵۰۰ سرباز دیگر به عراق اعزام کرد که از پایگاه عین الاسد است",
             "ئەمریکا 50 ملیۆن دۆلار بۆ پێشمەرگە تەرخان دەکات", P2),
        keep=[LEAD, P2],
        gone={"500 سرباز": "other_script", "50 مليون دولار": "other_script"},
    ),
    Case(
        "Latin inside an Arabic sentence stays",
        page(HEAD, "وأشار إلى أن اللجنة العسكرية العليا (HMC) ستبدأ أعمالها في الأيام المقبلة بمشاركة 12 ضابطا من الجانبين."),
        keep=["اللجنة العسكرية العليا (HMC) ستبدأ"],
    ),
    # (h) repeated captions
    Case(
        "a caption shown twice, once with its credit",
        page(HEAD, "صورة أرشيفية لقاعدة عين الأسد الجوية في الأنبار (أ ف ب)\nصورة أرشيفية لقاعدة عين الأسد الجوية في الأنبار", LEAD),
        once=["صورة أرشيفية لقاعدة عين الأسد الجوية في الأنبار\n"],
        gone={"(أ ف ب)": "caption_credit"},
        reasons={"duplicate_line"},
    ),
    Case(
        "a caption written twice on one line",
        page(HEAD, "جنود عراقيون خلال تدريب قرب بغداد جنود عراقيون خلال تدريب قرب بغداد", LEAD),
        once=["جنود عراقيون خلال تدريب قرب بغداد"],
        reasons={"duplicate_line"},
    ),
    # (i) edges and info boxes
    Case(
        "labels above the headline, sign-offs below the last paragraph",
        page("عاجل\nأمن", HEAD, LEAD, P2, "ع. ش", "(تغطية صحفية أحمد رشيد - إعداد محمد محمدين للنشرة العربية - تحرير سها جادو)", "12/05/2024 13:40:22"),
        keep=[HEAD, P2],
        gone={"عاجل": "header_furniture", "ع. ش": "trailing_furniture", "للنشرة العربية": "trailing_furniture",
              "13:40:22": "trailing_furniture"},
    ),
    Case(
        "an info box between the title and the first paragraph",
        page("قاعدة عين الأسد الجوية\nالبلد\tالعراق\nالمحافظة\tالأنبار\nالافتتاح\t1987\nالارتفاع\t188 م",
             "قاعدة عين الأسد الجوية هي قاعدة عسكرية في محافظة الأنبار، وتتسع لنحو 5000 جندي."),
        keep=["قاعدة عين الأسد الجوية\n", "وتتسع لنحو 5000 جندي."],
        gone={"188 م": "header_furniture", "1987": "header_furniture"},
    ),
    # (j) photo credits
    Case(
        "photo credits end captions: brackets, parentheses, a dash, a label",
        page(
            HEAD,
            "رئيس الوزراء العراقي خلال لقائه وفدا أمريكيا في بغداد [مكتب رئيس الوزراء العراقي]",
            "قوات أمريكية في قاعدة حرير شمال أربيل (فيسبوك)",
            "جنود أمريكيون في قاعدة عين الأسد غرب العراق - أرشيف",
            "مطار أربيل الدولي - صورة: كوردستان24",
            LEAD,
        ),
        keep=["خلال لقائه وفدا أمريكيا في بغداد\n", "شمال أربيل\n", "غرب العراق\n", "مطار أربيل الدولي\n"],
        gone={"[مكتب": "caption_credit", "(فيسبوك)": "caption_credit", "- أرشيف": "caption_credit", "كوردستان24": "caption_credit"},
    ),
    # (k) datelines and wire slugs
    Case("dateline: city (agency) -", page(HEAD, "بغداد (رويترز) - " + LEAD), keep=[LEAD], gone={"(رويترز)": "dateline"}),
    Case("dateline: site/", page(HEAD, "شفق نيوز/ " + LEAD), keep=[LEAD], gone={"شفق نيوز/": "dateline"}),
    Case("dateline: city - «paper»:", page(HEAD, "بيروت - «النهار»: " + LEAD), keep=[LEAD], gone={"«النهار»": "dateline"}),
    Case("dateline: city day month (agency) -", page(HEAD, "عمان 12 أيار (بترا) - " + LEAD), keep=[LEAD], gone={"12 أيار": "dateline"}),
    Case("dateline: city - agency -", page(HEAD, "واشنطن - أ ف ب - " + LEAD), keep=[LEAD], gone={"أ ف ب": "dateline"}),
    Case("dateline: city in day month /agency/ -", page(HEAD, "القاهرة في 12 مايو /أ ش أ/ - " + LEAD), keep=[LEAD], gone={"12 مايو": "dateline"}),
    Case("a bare city before the lead stays", page(HEAD, "بغداد - " + LEAD), keep=["بغداد - " + LEAD]),
    Case(
        "dashes inside a lead are not a dateline",
        page(HEAD, "الولايات المتحدة - التي تنشر 2500 جندي في العراق - أعلنت اليوم سحب 500 منهم خلال الأشهر المقبلة."),
        keep=["الولايات المتحدة - التي تنشر 2500 جندي في العراق - أعلنت"],
    ),
    Case(
        "a colon after a preposition is not a dateline",
        page(HEAD, "أكد الوزير - في تصريح: إن القوات ستبقى في العراق حتى نهاية العام المقبل وفق الاتفاق الموقع."),
        keep=["أكد الوزير - في تصريح: إن القوات ستبقى"],
    ),
    Case("a wire's version label before the headline", page("تحديث 2-" + HEAD, LEAD), keep=[HEAD + "\n"], gone={"تحديث 2-": "header_furniture"}),
    # (l) encyclopedia marks
    Case(
        "footnote marks after a sentence, at the end of a line, with words anywhere",
        page(
            "قاعدة عين الأسد الجوية",
            "هي قاعدة جوية عسكرية في محافظة الأنبار غربي العراق، وتعد ثاني أكبر قاعدة جوية في البلاد.[1][2] وشيدت في ثمانينيات القرن العشرين.[3]",
            "التاريخ[عدل]",
            "وبلغ عدد العسكريين فيها في ذروة الانتشار نحو 10 آلاف عسكري.[4][بحاجة لمصدر]",
        ),
        keep=["ثاني أكبر قاعدة جوية في البلاد. وشيدت في ثمانينيات القرن العشرين.", "\nالتاريخ\n", "نحو 10 آلاف عسكري."],
        gone={"[1]": "footnote", "[3]": "footnote", "[عدل]": "footnote", "[بحاجة لمصدر]": "footnote"},
    ),
    # (m) markup inside lines
    Case(
        "tags, entities, shortcodes and URLs inside a line",
        page(
            HEAD,
            '[caption id="attachment_55218" align="aligncenter" width="800"] جانب من جلسة البرلمان[/caption]',
            "<p>وقال عضو اللجنة جمال كوجر&nbsp;للسومرية نيوز إن تخصيصات الحشد بلغت 3.5 تريليون دينار، للمزيد: https://example.com/a/485112</p>",
        ),
        keep=["جانب من جلسة البرلمان\n", "وقال عضو اللجنة جمال كوجر للسومرية نيوز إن تخصيصات الحشد بلغت 3.5 تريليون دينار"],
        gone={"attachment_55218": "markup", "[/caption]": "markup", "<p>": "markup", "&nbsp;": "markup", "485112": "markup"},
    ),
    # (o) a marker glued to a paragraph
    Case(
        "'read also' glued after the last sentence of a paragraph",
        page(HEAD, LEAD + " اقرأ أيضا: مقتل 5 جنود أمريكيين في هجوم بالأردن", P2),
        keep=[LEAD, P2],
        gone={"مقتل 5 جنود": "related_articles"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.rule for case in CASES])
def test_rule(case: Case):
    cleaned = clean_text(case.text)
    for text in case.keep:
        assert normalized(text) in f"\n{cleaned.text}\n", text
    for text in case.once:
        assert cleaned.text.count(normalized(text)) == 1, text
    assert case.reasons <= {block.reason for block in cleaned.removed}
    for text, reason in case.gone.items():
        assert normalized(text) not in cleaned.text, text
        blocks = [b for b in cleaned.removed if normalized(text) in normalized(case.text[b.start : b.end + 1])]
        assert blocks, f"{text!r} is not in any removed block"
        assert reason in {b.reason for b in blocks}, (text, [(b.reason, b.text) for b in blocks])
    assert_offsets_lead_back(case.text, cleaned)


def test_a_footnote_inside_a_sentence_stays_for_now():
    """Cutting it would leave the sentence's raw span with text the sentence lacks (see the module docstring
    of test_cleaning's invariant); a mark after a word inside a sentence is left."""
    cleaned = clean_text(page(HEAD, "تقع القاعدة[2] في الأنبار وتضم 5000 جندي أمريكي ضمن التحالف الدولي.[3]"))
    assert "القاعدة[2] في" in cleaned.text
    assert "[3]" not in cleaned.text


# ---------------------------------------------------------------------------
# test articles of many publishers, read as the pipeline reads them


def _article_cases() -> list[tuple[Path, Path]]:
    cases = []
    for expect in sorted(ARTICLES.glob("*.expect.json")):
        stem = expect.name.removesuffix(".expect.json")
        (source,) = [p for p in ARTICLES.glob(f"{stem}.*") if not p.name.endswith(".expect.json")]
        cases.append((source, expect))
    return cases


ARTICLE_CASES = _article_cases()


def test_there_are_articles_of_many_publishers_in_text_and_html():
    suffixes = [source.suffix for source, _ in ARTICLE_CASES]
    assert len(ARTICLE_CASES) >= 10
    assert suffixes.count(".txt") >= 4 and suffixes.count(".html") >= 4


@pytest.mark.parametrize("source, expect", ARTICLE_CASES, ids=[s.name for s, _ in ARTICLE_CASES])
def test_article(source: Path, expect: Path):
    articles, rejections = read_document(source.name, source.read_bytes())
    assert rejections == [] and len(articles) == 1
    raw = articles[0].raw_text
    cleaned = clean_text(raw)
    expected = json.loads(expect.read_text(encoding="utf-8"))
    missing = [s for s in expected["must_keep"] if normalized(s) not in cleaned.text]
    assert not missing, f"body text removed: {missing}"
    left = [s for s in expected["must_remove"] if normalized(s) in cleaned.text]
    assert not left, f"furniture left: {left}"
    for text in expected.get("once", []):
        assert cleaned.text.count(normalized(text)) == 1, text
    for marker in FURNITURE_MARKERS:
        assert marker not in cleaned.text
    assert_offsets_lead_back(raw, cleaned)


# ---------------------------------------------------------------------------
# the seeds


def body_paragraphs(raw: str) -> list[str]:
    """Paragraphs of >= 15 words of the article itself (before the source line; photo credits aside)."""
    text = normalized(raw)
    body = text.split("\nالمصدر:")[0]
    return [re.sub(r" \[[^\[\]]*\]$", "", line.strip()) for line in body.split("\n") if words(line) >= 15]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_body_paragraph_survives_and_no_marker_is_left(prefix):
    raw = seed(prefix)
    cleaned = clean_text(raw)
    for paragraph in body_paragraphs(raw):
        assert paragraph in cleaned.text
    for marker in FURNITURE_MARKERS:
        assert marker not in cleaned.text
    assert_offsets_lead_back(raw, cleaned)


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_nothing_after_the_source_line_survives(prefix):
    raw = seed(prefix)
    text = normalized(raw)
    tail = text[text.index("\nالمصدر:") :]
    cleaned = clean_text(raw)
    clean_lines = set(cleaned.text.split("\n"))
    for line in tail.split("\n"):
        assert line.strip() not in clean_lines or not line.strip()
    assert "المصدر:" not in cleaned.text
    assert "200 مليون" not in cleaned.text
    assert "كلمات دلالية" not in cleaned.text
    assert cleaned.text.endswith(body_paragraphs(raw)[-1])
    # one block from the source line to the end, in raw offsets: the article ended there
    last = cleaned.removed[-1]
    assert raw[last.start :].startswith("المصدر:")
    assert raw[last.end :].strip() == ""


def test_seed_003_keeps_its_dateline_headline():
    assert clean_text(seed("003")).text.startswith("بغداد اليوم - بغداد\n\nحدد النائب ياسر هاشم")


def test_seed_001_caption_once_and_no_rating_widget():
    cleaned = clean_text(seed("001"))
    assert cleaned.text.count("يشرف في 27 كانون الثاني/يناير على انطلاق") == 1
    assert cleaned.text.count("حمولة إمدادات") == 1
    assert "هل أعجبك هذا المقال" not in cleaned.text
    assert "مكتب رئيس الوزراء العراقي]" not in cleaned.text  # the photo credit
    assert "أنس البار" not in cleaned.text  # the byline
    assert cleaned.text.startswith("لجنة أميركية-عراقية مشتركة")  # the section label "أمن" is gone
    assert cleaned.text.endswith("بمواصلة هجماتها على القوات الأميركية.")
    reasons = {block.reason for block in cleaned.removed}
    assert {"header_furniture", "duplicate_line", "byline", "caption_credit"} <= reasons
    # subheadings inside the body stay
    assert "\nمحادثات عسكرية أميركية-عراقية\n" in cleaned.text


def test_seed_000_widgets_and_sign_off_go():
    cleaned = clean_text(seed("000"))
    for widget in ("+ الخط -", "استمع إلى الملخص", "اظهر الملخص", "المساهمون", "(فيسبوك)"):
        assert widget not in cleaned.text
    assert cleaned.text.startswith("الحوار العراقي الأميركي: تعاون أمني مشترك")
    assert "25 يوليو 2024" in cleaned.text  # the dateline stays: dates are facts' context
    assert "- **التعاون الأمني والدفاعي**: اتفق العراق" in cleaned.text  # long summary bullets are text


def test_seed_002_sign_off_and_comment_box_go_numbered_list_stays():
    cleaned = clean_text(seed("002"))
    assert "ع. ش" not in cleaned.text
    assert "اضف تعليق" not in cleaned.text
    assert "1. التهديد الذي يشكله داعش." in cleaned.text
    assert "3. مستويات قدرة قوات الأمن العراقية." in cleaned.text


# ---------------------------------------------------------------------------
# whole synthetic pages, as Arabic news sites build them

NEWS_SITE_PAGE = """الرئيسية | أخبار | سياسة | اقتصاد | رياضة
أمن
مقتل 12 عنصرا من داعش بضربة جوية غرب الأنبار
👁 1,234 مشاهدة
3 دقائق للقراءة
+ الخط -

أعلنت قيادة العمليات المشتركة، اليوم الأحد، مقتل 12 عنصرا من تنظيم داعش بضربة جوية نفذتها طائرات إف-16 في صحراء الأنبار غرب العراق.

اقرأ أيضا:
مقتل 5 جنود أمريكيين في هجوم بطائرة مسيرة
واشنطن تعلن إرسال 1500 جندي إضافي إلى المنطقة

وقال المتحدث باسم القيادة في بيان إن الضربة استهدفت وكرا يضم 4 أنفاق ومخازن للأسلحة والعتاد في وادي حوران.

وأضاف أن القوات الأمنية عثرت على 30 عبوة ناسفة معدة للتفجير خلال عملية التفتيش اللاحقة.

شارك
فيسبوك
تويتر
واتساب
الوسوم: العراق، داعش، الأنبار
أضف تعليقك
"""


def test_news_site_page():
    cleaned = clean_text(NEWS_SITE_PAGE)
    text = cleaned.text
    # what goes
    for furniture in (
        "الرئيسية", "أمن\n", "مشاهدة", "دقائق للقراءة", "الخط", "اقرأ أيضا",
        "مقتل 5 جنود أمريكيين", "1500 جندي", "شارك", "فيسبوك", "واتساب", "الوسوم", "أضف تعليقك",
    ):
        assert furniture not in text, furniture
    # what stays: the headline and every paragraph, including the one after "اقرأ أيضا"
    assert text.startswith("مقتل 12 عنصرا من داعش بضربة جوية غرب الأنبار\n\n")
    assert "أعلنت قيادة العمليات المشتركة، اليوم الأحد، مقتل 12 عنصرا" in text
    assert "وكرا يضم 4 أنفاق" in text
    assert text.endswith("عثرت على 30 عبوة ناسفة معدة للتفجير خلال عملية التفتيش اللاحقة.")
    reasons = [block.reason for block in cleaned.removed]
    assert "navigation" in reasons and "related_articles" in reasons and "widget" in reasons and "counter" in reasons
    assert reasons.count("related_articles") == 1  # heading and its two links: one block
    assert_offsets_lead_back(NEWS_SITE_PAGE, cleaned)


SECOND_SITE_PAGE = """عاجل
الحشد الشعبي: تدريب 3 آلاف مقاتل جديد خلال العام الجاري
بقلم: أحمد علي
الأربعاء 14 فبراير 2024 - 10:30
عناصر من الحشد الشعبي خلال عرض عسكري في بغداد (أ ف ب)

كشف مصدر في هيئة الحشد الشعبي، اليوم الأربعاء، عن خطة لتدريب 3 آلاف مقاتل جديد خلال العام الجاري، موزعين على عدة محافظات.

وأوضح المصدر أن الخطة تشمل المحافظات التالية:
• بغداد: 1200 مقاتل
• نينوى: 900 مقاتل
• ديالى: 900 مقاتل

وأشار إلى أن الدورات التدريبية ستبدأ مطلع الشهر المقبل وتستمر 45 يوما في معسكرات تابعة للهيئة.

مواضيع ذات صلة
• الحشد يعلن مقتل 7 من عناصره بهجوم في صلاح الدين
• البرلمان يصوت على قانون الخدمة بحضور 200 نائب
اضف تعليق
"""


def test_second_site_page():
    cleaned = clean_text(SECOND_SITE_PAGE)
    text = cleaned.text
    for furniture in ("عاجل", "بقلم", "(أ ف ب)", "مواضيع ذات صلة", "مقتل 7", "200 نائب", "اضف تعليق"):
        assert furniture not in text, furniture
    assert text.startswith("الحشد الشعبي: تدريب 3 آلاف مقاتل جديد خلال العام الجاري\n")
    assert "الأربعاء 14 فبراير 2024 - 10:30" in text
    assert "عناصر من الحشد الشعبي خلال عرض عسكري في بغداد\n" in text  # the caption stays, its credit goes
    # a bullet list introduced by a sentence ending with ':' is article content
    for item in ("• بغداد: 1200 مقاتل", "• نينوى: 900 مقاتل", "• ديالى: 900 مقاتل"):
        assert item in text
    assert text.endswith("في معسكرات تابعة للهيئة.")
    assert_offsets_lead_back(SECOND_SITE_PAGE, cleaned)


def test_bullet_links_in_the_body_are_a_list_of_links():
    page_text = (
        "عنوان الخبر عن الهجوم الأخير\n\n"
        "فقرة أولى من الخبر تتحدث عن الهجوم الذي وقع أمس في المدينة وأسفر عن مقتل 4 أشخاص.\n\n"
        "• وزير الدفاع يزور الجبهة\n• البرلمان يناقش الموازنة\n\n"
        "فقرة ثانية من الخبر تتحدث عن ردود الفعل على الهجوم في الأوساط السياسية والشعبية.\n"
    )
    text, offset_map, removed = strip_page_furniture(page_text)
    assert "وزير الدفاع يزور الجبهة" not in text
    assert [b.reason for b in removed] == ["list_of_links"]
    assert "فقرة ثانية" in text
    assert page_text[removed[0].start : removed[0].end] == removed[0].text


def test_a_marker_at_the_top_is_not_a_tail_cut():
    page_text = "المصدر: رويترز\nعنوان الخبر عن الهجوم الأخير\n\n" + "فقرة من الخبر تتحدث عن الهجوم الذي وقع أمس في المدينة. " * 3
    text, _, removed = strip_page_furniture(page_text)
    assert text.startswith("عنوان الخبر")
    assert [b.reason for b in removed] == ["source_line"]


def test_a_fifteen_word_headline_is_not_where_the_body_begins():
    """A tags line right under a long headline is removed alone; the article is not cut after its headline."""
    headline = "حصيلة الهجوم على البرج 22 ترتفع إلى 3 قتلى وأكثر من 40 جريحا في صفوف القوات الأميركية"
    cleaned = clean_text(page(headline + "\nكلمات دلالية: الأردن، البرج 22", LEAD, P2))
    assert cleaned.text.startswith(headline) and cleaned.text.endswith(P2)
    assert [b.reason for b in cleaned.removed] == ["tags"]


def test_empty_and_furniture_only_pages():
    assert strip_page_furniture("")[0] == ""
    cleaned = clean_text("شارك\nفيسبوك\nاضف تعليق\n")
    assert cleaned.text == ""
    assert cleaned.sentences == []


def test_text_that_is_not_normalized_is_cut_by_line():
    """strip_page_furniture also takes raw text (tanwin, hamza variants): glued markers then take their line."""
    raw = "عنوانٌ طويلٌ للخبر عن الهجوم\n\n" + LEAD + " اقرأ أيضاً: مقتل 5 جنود\n\n" + P2
    text, _, removed = strip_page_furniture(raw)
    assert "مقتل 5 جنود" not in text and P2 in text
    assert all(raw[b.start : b.end] == b.text for b in removed)


# ---------------------------------------------------------------------------
# linear time on adversarial input: every rule's regex and every structural pass

ADVERSARIAL_UNITS = [
    "اقرأ أيضا:\nعنوان قصير\n",  # related headings, each with a link
    "اقرأ أيضا:\nعنوان\n\nأعلن الجيش، اليوم الأحد، مقتل 4 جنود في هجوم على دورية قرب المدينة الحدودية.\n",  # pasted articles
    "المصدر: وكالات\n",  # end markers
    "المصدر: وكالات\nوأضاف المتحدث أن القوات الأمنية باشرت التفتيش في المنطقة بحثا عن المهاجمين.\n",
    "[1]",
    "ب.[1][2] ",
    "[بحاجة لمصدر",
    "<a ",
    "<p>نص</p>",
    "&nbsp",
    "&amp;",
    "http://",
    "a@b.",
    "x" * 70 + "@",
    "بغداد (رويترز) - ",
    "بغداد - «",
    "شفق نيوز/ ",
    "عدد المشاهدات: 1,234 | ",
    "1,234 مشاهدة ",
    "منذ 3 ساعات\n",
    "• رابط\n",
    "عنوان خبر من خمس كلمات أو أكثر هنا\n",
    "أخبار\n",
    "بقلم: فلان\n",
    "صورة أرشيفية لقاعدة عين الأسد (أ ف ب)\n",
    "ب ب ب ب ",
    "، اليوم الأحد، ",
    "English words only\n",
    "(",
    "- أرشيف",
]


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_furniture_removal_is_linear_on_adversarial_input(unit):
    # after a paragraph, so that the rules about what follows the body run on every repetition
    make = lambda n: LEAD + "\n" + unit * (n // len(unit) + 1) + "x"  # noqa: E731
    assert_linear(strip_page_furniture, make, n=3000)


def test_linear_on_a_long_realistic_page():
    articles = [source for source, _ in ARTICLE_CASES if source.suffix == ".txt"]
    text = "\n\n".join(normalized(p.read_text(encoding="utf-8")) for p in articles)
    assert_linear(strip_page_furniture, lambda n: (text * (n // len(text) + 1))[:n], n=20_000)


# ---------------------------------------------------------------------------
# the language data is readable by an Arabic speaker, and every role is one the code knows

KNOWN_ROLES = {
    "furniture.tsv": {
        "related", "related_soft", "sponsored", "tags", "tags_soft", "comment", "comment_soft", "rating", "references", "source",
        "share", "widget", "widget_prefix", "counter_word", "counter_label", "ad", "section", "copyright",
        "trailing", "byline_prefix", "byline_label", "byline_weak", "wire_slug", "photo_credit", "agency", "footnote",
        "photo_label", "time_stamp", "not_a_name",
    },
    "furniture_openers.tsv": {"continues", "not_conjunction", "lead_time"},
}


@pytest.mark.parametrize("name", ["furniture.tsv", "furniture_openers.tsv", "furniture_other_languages.tsv"])
def test_every_entry_has_a_note(name):
    for row in read_table(name):
        assert len(row) == 3 and all(field.strip() for field in row), row
        if name in KNOWN_ROLES:
            assert row[1] in KNOWN_ROLES[name], row


def test_every_role_of_the_data_file_is_documented_in_its_header():
    header = (ROOT / "extraction" / "data" / "furniture.tsv").read_text(encoding="utf-8").split("# phrase")[0]
    for role in KNOWN_ROLES["furniture.tsv"]:
        assert f"#   {role} " in header, role


def test_markers_never_occur_in_the_seeds_bodies():
    """The data-quality check forbids every marker in cleaned text: a marker must be a phrase articles never use."""
    for prefix in ["000", "001", "002", "003", "004"]:
        text = normalized(seed(prefix))
        body = text.split("\nالمصدر:")[0].split("\nهل أعجبك")[0].split("\nاضف تعليق")[0]
        for marker in FURNITURE_MARKERS:
            assert marker not in body, (prefix, marker)
