"""A line's own shape: each piece of evidence fires on its family and stays quiet on story text."""

from __future__ import annotations

import pytest

from translator.document import lines

STORY = [
    "The prime minister said on Tuesday that the talks would go on next week.",
    "Израиль и ХАМАС возобновили переговоры в Каире",
    "ראש הממשלה אמר כי ישראל תמשיך לפעול בכל הזירות.",
    "Temperatures reached 40 degrees in the Galilee on Monday, the forecaster said.",
    "“We will not stop,” he said.",
    "Netanyahu and Putin hold first call since 2023",
    "Elections 2026: what changes",
    "תוצאות המחזור ה-20",
    "Share prices tumble on the Tel Aviv exchange",
    "Knesset vote set for 18:00",
    "Load-shedding returns to Gaza as fuel runs out",
    "הפועל כרמיאל - עירוני מודיעין 86:88",
    "The shekel rose 0.4% against the dollar and 0.2% against the euro on Monday.",
    "Video shows police officers entering the building shortly after midnight.",
    "Photo of the year: how a teenager captured the storm over Haifa",
    "Пленарное заседание продлилось до утра, сообщили в Кнессете.",
    "Netanyahu and Gantz meet in Jerusalem as coalition talks resume",
    "Prices rise > 5% in May",
    "The app will be available only to subscribers of the three largest carriers, the ministry said.",
    "Protesters march in Tel Aviv on Saturday. © 2025 Reuters",
]


@pytest.mark.parametrize("check, yes", [
    (lines.is_widget, ["Облачно, +12", "Ветер 3 м/с", "Пробки 6/10", "USD 92,15 ▲0,34", "TA-35 +0.4%", "Cloudy, 12°C",
                       "₪ 3,65", "Пн +38° Вт +40° Ср +29° Чт +27° Пт +26°", "Air quality: moderate (AQI 74)",
                       "דולר 3.62 ▲0.42% | יורו 3.93 ▼0.11% | ת\"א 35 2,431.87 ▲1.05%", "Прогноз на 5 дней"]),
    (lines.is_counter, ["👁 3 126", "23 comments", "1.2K", "3 of 12", "Фото 3 из 12", "18+", "12 תגובות"]),
    (lines.is_glued, ["ShareShare", "ГлавнаяПолитика", "FacebookTwitterEmail", "ВойтиПодписатьсяПоиск", "שתפושתפו",
                      "פייסבוקטוויטרוואטסאפמיילהעתקת קישור"]),
    (lines.is_metadata, ["url: https://example.com/news/1", "date 2024-05-01", "https://example.com/a/b"]),
    (lines.is_time_stamp, ["3 hours ago", "5 минут назад", "לפני 3 שעות", "14:32", "09:15 AM"]),
    (lines.is_image_source, ["Image source, Getty Images", "Автор фото, Reuters"]),
    (lines.is_image_caption, ["Image caption, A road collapsed near the shore", "Подпись к фото, Тупики на острове"]),
    (lines.is_byline_field, ["Author, Olga Severina", "Должность, Русская служба", "Reporting from Ein Gedi",
                             "Middle East correspondent", "Reporting fromEin Gedi"]),
    (lines.is_source_line, ["(Haaretz)", "(dpa, Reuters)"]),
    (lines.is_bare_name, ["Anna Kuleshova", "Анна Кулешова", "Miriam Castell", "דנה כהן"]),
    (lines.is_reading_meta, ["6 min read", "Reading time: 5 minutes", "Время чтения: 3 мин", "Просмотров: 1 874",
                             "3 דק' קריאה", "Дата сохранения: 15.10.2025 09:02"]),
    (lines.is_notice, ["We use cookies to give you the best experience.", "Gift this article", "Оформить подписку",
                       "Share: Facebook WhatsApp Email", "Load more photos", "Related: Hostage families gather",
                       "Мнение автора может не совпадать с позицией редакции.", "1. Перейти к содержанию",
                       "Get the top Israeli tech stories every morning.", "View this post on Instagram",
                       "Next article: Why the port strike matters", "Our Standards: The Trust Principles., opens new tab",
                       "Save my name, email, and website in this browser for the next time I comment.",
                       "The full story is available only to subscribers"]),
    (lines.is_menu_row, ["Home  News  Sport  Weather  Radio", "Главная | Новости | Политика", "News · World · Sport"]),
    (lines.is_post_signature, ["— Tamar Gilboa (@TamarGilboa) November 18, 2025", "— נועה ברק (@noabarak_) May 4",
                               "A post shared by Tal Oren (@tal.oren.films)"]),
    (lines.is_reporting_credit, ["(Reporting by Dana Rubin; Editing by Mark Ellison)", "Additional reporting by Omer"]),
    (lines.is_picture_credit, ["© Amr Hassan/IPV", "Фото в анонсе: Жан-Марк Ру / AFP"]),
    (lines.is_dateline, ["21:18, 9 сентября 2025", "Oct 14, 2025 Updated 3 hrs ago", "обновлено 10:40",
                         "12.03.2021 09:15"]),
    (lines.is_video_length, ["Duration 2:14", "זמן צפייה: 01:48", "Продолжительность 2:14"]),
    (lines.is_navigation, ["← Предыдущая фотоистория", "לכל הסרטונים ›", "« לגלריה הקודמת | לגלריה הבאה »",
                           "אימייל *"]),
    (lines.is_ticker, ["09:41 В Багдаде открылась международная книжная ярмарка", "10:40 עומסים כבדים בכביש 1"]),
    (lines.is_desk_or_bio, ["מערכת הדף", "Редакция сайта ИПВ", "The writer is a lecturer in public policy.",
                            "הכותבת היא מרצה למדיניות ציבורית", "About the author: Dana Levi teaches law in Haifa.",
                            "Об авторе: Лев Гурвич — социальный работник", "Katya Rosen covers culture for the site."]),
    (lines.opens_comments, ["Comments", "Комментарии (3)", "12 comments", "תגובות", "Welcome to the discussion."]),
    (lines.is_share_row, ["Share on Facebook Share on X Share by Email 64 comments", "שתפו בפייסבוק | שתפו בוואטסאפ",
                          "Поделиться в Telegram"]),
    (lines.ends_with_bare_credit, ["Residents protest outside the court in Jaffa, May 2, 2025. (Avi Dror/Flash90)",
                                   "Visitors look at amphorae in Jerusalem, March 3, 2024. (AP Photo/Maya Alleruzzo)",
                                   "The governor speaks in Jerusalem, October 6, 2025. REUTERS/Noa Tsur",
                                   "Сотрудники в офисе компании в ГамбургеФото: Daniel Roth/dpa"]),
    (lines.is_video_title, ["Видео: репортаж Кирилла Ярова из зала суда", "וידאו: כך נראתה העלייה לתחנה העליונה",
                            "Video: how the snow reached the summit this morning"]),
    (lines.is_name_and_time, ["ליאת שמעוני | היום, 19:40", "Анна Фогель, 14 октября 2025", "Dana Levi | 09:15"]),
    (lines.is_copyright, ["Ракурс.ИЛ © 2025. Права на фотографии принадлежат авторам.", "Copyright 2025 Daily Post. All rights reserved."]),
    (lines.is_print_edition, ["Газета «Деловой курьер» №214 от 18.11.2025, стр. 6"]),
    (lines.is_gallery_counter, ["Фото 3 из 12", "3 of 12", "4/12", "תמונה 2 מתוך 9"]),
])
def test_evidence_fires_on_its_family_and_not_on_story_lines(check, yes: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [text for text in yes if not check(text)] == []
    assert [text for text in STORY if check(text)] == []


@pytest.mark.parametrize("check, no", [
    (lines.is_dateline, ["Пленарное заседание Кнессета. 11 марта 2025 года"]),  # a caption: a phrase, then the date
    (lines.is_ticker, ["21:18, 9 сентября 2025"]),  # a date line, not a ticker's item
    (lines.is_media_title, ["Photo: Courtesy of the Israel Antiquities Authority", "צילומים: ניר אבני, מיכל דהן",
                            "Фото: пресс-служба муниципалитета Иерусалима"]),  # credits, not titles
])
def test_evidence_stays_quiet_on_the_neighbouring_family(check, no: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [text for text in no if check(text)] == []


def test_a_line_that_reads_as_content_is_never_the_sites_by_its_place():
    from translator.document.lines import reads_as_content
    truncated = "מניית הבנק ירדה אתמול ב-2.4% בבורסה, אף שהתוצאות עלו על תחזיות האנליסטים שפורסמו בשבוע שעבר ו"
    assert reads_as_content(truncated) and not reads_as_content(truncated, titles=False)
    assert reads_as_content("The headquarters in Bellhaven.") and reads_as_content("(Case 41822-05-19, Families v. City)")
    assert not reads_as_content("Send Flowers") and not reads_as_content("Recent Obituaries")
    assert not reads_as_content("Sign the Guest Book")


def test_a_sentence_with_figures_is_no_widget():
    from translator.document.lines import is_widget
    assert not is_widget("Cloud subscription revenue of $401.9 million, up 37%.")
    assert is_widget("Облачно, +12") and is_widget("USD 3.65")
