"""Dates an analyst can count by: when an article was published and from which
part of the input, the days a figure's as_of covers, and the views by day, week and month."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from arqam.extraction.read.documents import read_document
from arqam.extraction.read.published import dateline, parse_timestamp
from arqam.extraction.text.date_intervals import interval
from arqam.extraction.text.dates import find_dates
from arqam.extraction.typing import type_quantities
from arqam.warehouse.store import Warehouse
from tests.conftest import make_settings, run_pipeline

BODY = "قالت الشرطة إن مسلحين هاجموا نقطة تفتيش قرب الحدود."


def page(head: str = "", body: str = "") -> bytes:
    return (f"<html><head><title>خبر</title>{head}</head><body><article><p>{BODY}</p>{body}</article></body></html>").encode()


META = '<meta property="article:published_time" content="2024-05-02T08:15:00+03:00">'
JSON_LD = '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2024-05-03T10:00:00Z"}]}</script>'
TIME = '<time datetime="2024-05-04">4 أيار</time>'


def one(name: str, data: bytes):
    articles, rejections = read_document(name, data)
    assert not rejections and len(articles) == 1
    return articles[0]


# -- published: each source, and which one wins ---------------------------------------------


def test_the_feeds_own_field_gives_the_date_in_utc():
    record = {"id": "x", "text": BODY, "published": "2024-05-01T23:30:00-02:00"}
    article = one("feed.jsonl", json.dumps(record, ensure_ascii=False).encode())
    assert (article.published, article.published_source) == (datetime(2024, 5, 2, 1, 30), "jsonl_field")


@pytest.mark.parametrize(
    "head, body, expected, source",
    [
        (META, "", datetime(2024, 5, 2, 5, 15), "html_meta"),
        (JSON_LD, "", datetime(2024, 5, 3, 10, 0), "json_ld"),
        ("", TIME, datetime(2024, 5, 4), "html_time"),
    ],
)
def test_each_part_of_a_page_gives_the_date(head, body, expected, source):
    article = one("p.html", page(head, body))
    assert (article.published, article.published_source) == (expected, source)


def test_a_dateline_at_the_head_of_wire_copy_gives_the_date():
    text = "الموصل - ١٨ تشرين الأول/أكتوبر ٢٠٢٣ (أ ف ب) - أعلن الجيش أن دورية تعرضت لكمين غربي المدينة."
    article = one("wire.txt", text.encode())
    assert (article.published, article.published_source) == (datetime(2023, 10, 18), "dateline")
    assert dateline("عنوان الخبر\n\n25 يوليو 2024\nنص الخبر") == datetime(2024, 7, 25)


@pytest.mark.parametrize(
    "text",
    [
        "في 9 نيسان 2003 دخلت القوات الأمريكية إلى وسط العاصمة بغداد بعد معارك استمرت أسابيع.",  # a date of the story
        "بغداد - أيار 2024 - أعلن الجيش أن دورية تعرضت لكمين.",  # a month, no day
        "بغداد - 18 تشرين الأول - أعلن الجيش أن دورية تعرضت لكمين.",  # no year
        "سطر أول\nسطر ثان\nسطر ثالث\n18 تشرين الأول 2023 (أ ف ب) - خبر",  # too far down
    ],
)
def test_a_date_that_is_no_dateline_is_not_the_publication_date(text):
    assert dateline(text) is None


def test_the_users_field_wins_over_everything_the_page_says():
    record = {"id": "x", "published": "2022-01-10", "html": page(META + JSON_LD, TIME).decode()}
    article = one("feed.jsonl", json.dumps(record, ensure_ascii=False).encode())
    assert (article.published, article.published_source) == (datetime(2022, 1, 10), "jsonl_field")


def test_page_metadata_wins_in_order_meta_json_ld_time_dateline():
    def with_dateline(markup: bytes) -> bytes:
        return markup.replace(BODY.encode(), ("بغداد - 1 أيار 2024 (رويترز) - " + BODY).encode())

    assert one("a.html", with_dateline(page(META + JSON_LD, TIME))).published_source == "html_meta"
    assert one("b.html", with_dateline(page(JSON_LD, TIME))).published_source == "json_ld"
    assert one("c.html", with_dateline(page(body=TIME))).published_source == "html_time"
    dated = one("d.html", with_dateline(page()))
    assert (dated.published, dated.published_source) == (datetime(2024, 5, 1), "dateline")


def test_an_unreadable_field_of_the_user_leaves_no_date_and_a_flag_not_a_crash():
    record = {"id": "x", "text": "بغداد - 1 أيار 2024 (رويترز) - " + BODY, "published": "منذ ساعتين"}
    article = one("feed.jsonl", json.dumps(record, ensure_ascii=False).encode())
    assert (article.published, article.published_source) == (None, None)  # the user's field wins, even unreadable
    assert "published_unreadable" in article.flags and "منذ ساعتين" in article.flag_notes


def test_unreadable_page_metadata_is_passed_over_for_the_next_source_and_flagged():
    bad_meta = '<meta property="article:published_time" content="yesterday">'
    article = one("p.html", page(bad_meta, TIME))
    assert (article.published, article.published_source) == (datetime(2024, 5, 4), "html_time")
    assert article.flags == ("published_unreadable",) and '"yesterday"' in article.flag_notes


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-07-25", datetime(2024, 7, 25)),
        ("2024-07-25T10:30:00Z", datetime(2024, 7, 25, 10, 30)),
        ("Thu, 25 Jul 2024 07:30:00 +0300", datetime(2024, 7, 25, 4, 30)),
        ("٢٠٢٤-٠٧-٢٥", datetime(2024, 7, 25)),
        ("25 تموز 2024", datetime(2024, 7, 25)),
        ("25/07/2024", datetime(2024, 7, 25)),
        ("تموز 2024", None),  # a month is no day
        ("3024-01-01", None),
        ("", None),
    ],
)
def test_timestamps_are_read_in_the_forms_feeds_write(value, expected):
    assert parse_timestamp(value) == expected


# -- as_of: the days a date covers ------------------------------------------------------------


def days(text: str):
    (mention,) = find_dates(text)
    return interval(mention.text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("في 27 يناير 2020", (date(2020, 1, 27), date(2020, 1, 27))),  # Gregorian month name
        ("في 27 كانون الثاني 2020", (date(2020, 1, 27), date(2020, 1, 27))),  # Syriac month name
        ("في الحادي عشر من أيلول 2001", (date(2001, 9, 11), date(2001, 9, 11))),  # an ordinal day
        ("في 15 رمضان 1445هـ", (date(2024, 3, 25), date(2024, 3, 25))),  # Hijri (Umm al-Qura)
        ("في عام 1445 هـ", (date(2023, 7, 19), date(2024, 7, 6))),  # a Hijri year
        ("في عام 2020", (date(2020, 1, 1), date(2020, 12, 31))),  # a year
        ("في مارس 2021", (date(2021, 3, 1), date(2021, 3, 31))),  # a month
        ("في شباط 2024", (date(2024, 2, 1), date(2024, 2, 29))),  # a month of a leap year
        ("خلال الفترة 2014-2018", (date(2014, 1, 1), date(2018, 12, 31))),  # a range of years
        ("يومي 7 و8 آب/أغسطس 2023", (date(2023, 8, 7), date(2023, 8, 8))),  # a range of days
        ("في 24/08/2024", (date(2024, 8, 24), date(2024, 8, 24))),
        ("في حزيران الماضي", None),  # no year: no interval
        ("في 31 شباط 2020", None),  # no such day
    ],
)
def test_a_date_mention_covers_its_days(text, expected):
    assert days(text) == expected


def test_a_figure_carries_the_days_of_the_date_nearest_it_beside_its_text():
    text = "وبلغ عدد الجنود الأمريكيين في العراق 2500 جندي في آذار 2024."
    (mention,) = [m for m in type_quantities(text, [(0, len(text))]) if m.fact_type == "troops"]
    assert (mention.as_of, mention.as_of_start, mention.as_of_end) == ("2024", date(2024, 3, 1), date(2024, 3, 31))
    hijri = "وأعلنت الوزارة مقتل 4 جنود في 15 رمضان 1445هـ."
    (killed,) = [m for m in type_quantities(hijri, [(0, len(hijri))]) if m.fact_type != "other"]
    assert (killed.as_of_start, killed.as_of_end) == (date(2024, 3, 25), date(2024, 3, 25))


# -- the views by day, week and month, through the pipeline -----------------------------------

FEED = [
    {"id": "m1", "published": "2024-03-05T09:00:00Z", "text": "قالت مصادر أمنية إن مسلحين شنوا 3 هجمات على نقاط تفتيش في ديالى."},
    {"id": "m2", "published": "2024-03-20", "text": "أعلنت الشرطة أن مسلحين شنوا 5 هجمات على مواقع للجيش في كركوك."},
    {"id": "m3", "published": "2024-04-02", "text": "أكد مسؤول أن عدد الجنود الأمريكيين في العراق بلغ 2500 جندي في كانون الثاني 2024."},
]


@pytest.fixture(scope="module")
def dated_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("dated")
    settings = make_settings(root)
    settings.inbox.mkdir(parents=True)
    (settings.inbox / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in FEED), encoding="utf-8")
    (settings.inbox / "wire.txt").write_text(
        "أربيل - 9 نيسان 2024 (رويترز) - قال مسؤول كردي إن مسلحين شنوا 2 هجمات بطائرات مسيرة على المطار.", encoding="utf-8"
    )
    assert run_pipeline(settings).success
    return Warehouse(settings.warehouse)


def test_published_is_stored_as_a_timestamp_with_its_source(dated_run):
    rows = dated_run.query("SELECT article_id, published, published_source FROM raw_articles ORDER BY 1").to_pylist()
    assert [(r["article_id"], r["published"], r["published_source"]) for r in rows] == [
        ("m1", datetime(2024, 3, 5, 9), "jsonl_field"),
        ("m2", datetime(2024, 3, 20), "jsonl_field"),
        ("m3", datetime(2024, 4, 2), "jsonl_field"),
        ("wire", datetime(2024, 4, 9), "dateline"),
    ]


def test_the_monthly_view_counts_figures_on_the_date_they_describe_else_the_publication(dated_run):
    rows = dated_run.query(
        "SELECT period, dated_by, fact_type, facts, articles, stated_total FROM v_facts_monthly ORDER BY period, fact_type"
    ).to_pylist()
    assert [(r["period"], r["dated_by"], r["fact_type"], r["facts"], r["articles"], r["stated_total"]) for r in rows] == [
        (date(2024, 1, 1), "as_of", "troops", 1, 1, 2500.0),  # the month it describes, not April when it was said
        (date(2024, 3, 1), "published", "attacks", 2, 2, 8.0),
        (date(2024, 4, 1), "published", "attacks", 1, 1, 2.0),
    ]


def test_the_daily_and_weekly_views_cut_the_same_figures_finer(dated_run):
    daily = dated_run.query("SELECT period, fact_type, facts FROM v_facts_daily WHERE fact_type = 'attacks' ORDER BY 1").to_pylist()
    assert [(r["period"], r["facts"]) for r in daily] == [(date(2024, 3, 5), 1), (date(2024, 3, 20), 1), (date(2024, 4, 9), 1)]
    weekly = dated_run.query("SELECT period, dated_by, facts FROM v_facts_weekly WHERE fact_type = 'troops'").to_pylist()
    # a month is longer than a week: the troop figure is placed by its publication (a Tuesday's week starts on Monday)
    assert weekly == [{"period": date(2024, 4, 1), "dated_by": "published", "facts": 1}]
