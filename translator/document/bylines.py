"""Who wrote a story, when, and where it came from: bylines and credit lines.

``byline``: the people and the time — "By Jane Doe", "Автор: Иван Петров",
"מאת: דנה כהן", "The All Israel News Staff is a team of journalists in
Israel.", an author's one-line biography, and date lines ("May 6, 2025",
"6 мая 2025, 14:30", "06.05.25 | 14:30").
``credit``: where the words or pictures came from — agencies ("Reuters
contributed to this report.", "По материалам ТАСС", "בשיתוף סוכנויות"),
and a media credit on a line of its own ("Фото: Reuters").
Both are kept apart from the body; whether they are translated is the
pipeline's choice.
"""

from __future__ import annotations

import re

from translator.document.lines import is_media_title
from translator.document.patterns import Alternatives
from translator.text.credits import find_credit

_MONTHS_EN = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
              r"|oct(ober)?|nov(ember)?|dec(ember)?)\.?")
_MONTHS_RU = r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_MONTHS_HE = r"(בינואר|בפברואר|במרץ|באפריל|במאי|ביוני|ביולי|באוגוסט|בספטמבר|באוקטובר|בנובמבר|בדצמבר)"
_TIME = r"(\s*[,|•·–—-]?\s*\d{1,2}:\d{2}(\s?[ap]\.?m\.?)?(\s?\w{2,4})?)?"
_WEEKDAY = r"((monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|четверг"
_WEEKDAY += r"|пятница|суббота|воскресенье|יום [א-ו]['׳]?),?\s*)?"

_DATE_LINE = re.compile(
    r"^((published|updated|posted|опубликовано|обновлено|פורסם|עודכן|פורסם לראשונה)[:\s]+)?" + _WEEKDAY
    + r"(" + _MONTHS_EN + r"\s+\d{1,2},?\s+\d{4}"
    + r"|\d{1,2}\s+" + _MONTHS_EN + r"\s+\d{4}"
    + r"|\d{1,2}\s+" + _MONTHS_RU + r"(\s+\d{4}(\s*г(ода|\.)?)?)?"
    + r"|\d{1,2}\s+" + _MONTHS_HE + r"\s+\d{4}"
    + r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    + r"|\d{1,2}:\d{2}\s*[,|•·]?\s*\d{1,2}[./]\d{1,2}[./]\d{2,4})" + _TIME + r"$",
    re.IGNORECASE,
)

_BYLINE = Alternatives(
    r"^(автор|текст|корреспондент|редактор|обозреватель|подготовил[аи]?|беседовал[аи]?)[:\s]"
    r"|^(מאת|כתבה|כתב|כתבת|עריכה|מאת הכתב)[:\s]"
    r"|^the .{1,60} staff is a team of"
    r"|^.{3,60} is an? ([\w-]+\s){0,3}(reporter|correspondent|journalist|editor|writer|columnist|contributor)\b"
    r"|^.{3,60} (staff|staff writer|staff reporter)$"
    r"|^(?:[^\s\d|•]+\s){0,5}[^\s\d|•]+\s[|•]\s.*\d{4}"  # "Jane Doe | May 6, 2025": a name's few words
    r"|^(?:news |content )?provided by\s\S",  # who put a press release out
    re.IGNORECASE,
)

_AGENCIES = (r"(reuters|ap|afp|tps|jns|jta|ani|xinhua|tass|associated press|agence france-presse"
             r"|тасс|риа новости|интерфакс|ria novosti|рейтер\w*|рбк|רויטרס|סוכנויות( הידיעות)?|מעריב|וואלה)")
_CREDIT = Alternatives(
    r"^[(\[]?" + _AGENCIES + r"[)\]]?$"
    r"|^[—–-]\s*" + _AGENCIES + r"\b"
    r"|contributed to this (report|article|story)\.?$"
    r"|^with (agencies|wire services|reuters|ap|afp)\b"
    r"|^(source|sources|this (article|story) (was )?(originally )?(appeared|published))\b"
    r"|^(reprinted|republished) with permission"
    r"|^(по материалам|источник:|при подготовке (материала|статьи|текста) использованы|с использованием материалов)"
    r"|^(בשיתוף|מקור:|הכתבה פורסמה|הכתבה מתפרסמת|באדיבות)",
    re.IGNORECASE,
)


# "By Jane Doe", "By Jane Doe and John Roe, JNS": capitalised names only, so
# that "By the way, …" stays a paragraph.
_BY_NAMES = re.compile(
    r"^(By|BY|Written by|Reporting by|Story by)\s+[A-Z][\w.'’/-]*"
    r"(\s+([A-Z][\w.'’/-]*|and|&|in|of|de|van|von|bin|ben|al-\w+)|,){0,10}(\s*[|,•–—-].*)?$"
)


# People, not agencies, who helped with the story: "Associated Press writer Lena Marks in Jerusalem
# contributed to this report.", "Ilan Ben Ami in Tel Aviv contributed to this report." (an agency's
# "Reuters contributed to this report." stays a credit).
_PEOPLE_CONTRIBUTED = re.compile(
    r"^(?:.{0,40}\b(?:writers?|reporters?|correspondents?)\s+)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]+){1,3}"
    r"(?:(?:,| and)\s[A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]+){1,3})*\s+in\s+[A-Z][\w\s,'’-]{1,40}?"
    r"\s+contributed to this (?:report|article|story)\.?$"
)


# Who put a wire press release out: "SOURCE Calder Ridge Water Technologies" (capitals, no colon), a byline.
_RELEASE_SOURCE = re.compile(r"^SOURCE\s+[A-Z][^:]{0,80}$")


# Whom to ask about a press release: "Media Contact:", "Контакты для СМИ:", "לפרטים נוספים:".
_CONTACT = re.compile(r"^(?:(?:media|press|investor)\s+(?:contacts?|inquiries)|контакты для сми|для справок"
                      r"|пресс-служба|איש קשר|אשת קשר|לפרטים נוספים|דוברות)\s*:?$", re.IGNORECASE)


def is_contact_heading(line: str) -> bool:
    """The heading of a press release's contact block: the lines under it are a byline."""
    return bool(_CONTACT.match(line.strip()))


def is_date_line(line: str) -> bool:
    """True for a line that only gives the story's date (and perhaps its time)."""
    return bool(_DATE_LINE.match(line.strip()))


def is_byline(line: str) -> bool:
    """True for an author line, an author's short biography or a date line."""
    text = line.strip()
    if len(text) > 200:
        return False
    return bool(_BYLINE.search(text) or _BY_NAMES.match(text) or _PEOPLE_CONTRIBUTED.match(text)
                or _CONTACT.match(text) or _RELEASE_SOURCE.match(text)) or is_date_line(text)


def is_credit_line(line: str) -> bool:
    """True for an agency or source line, or a media credit standing on its own."""
    text = line.strip()
    if len(text) > 200:
        return False
    credit = find_credit(text)
    if credit is not None and credit.start == 0 and not is_media_title(text):
        return True  # "Video: how the snow reached the summit" is a title, not a credit
    return bool(_CREDIT.search(text)) and not _PEOPLE_CONTRIBUTED.match(text) and not _RELEASE_SOURCE.match(text)


# A picture's credit with no label, on a line of its own: "KVRN/Lindsey Harrow", "Sophie Maltby/Eastmarsh Echo"
# (three capitalised words at least, so that a breadcrumb's "Culture / Theater" is not one), and
# "Photo courtesy of the Briggs family", "Courtesy of the museum".
# The paper's own name may come before "file photo" or "staff photo": "Ledger file photo/Dana Whitcombe".
_NAME_SLASH_AGENCY = re.compile(r"^[A-Z][\w.'’&-]*(?:\s(?:[A-Z][\w.'’&-]*|file|staff|photo|photos)){0,3}\s?/\s?"
                                r"[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){0,3}$")
# The picture agencies whose name alone is a credit: "Getty Images", "AFP via Getty Images", "Shutterstock".
_PICTURE_AGENCY = re.compile(r"^(?:[A-Z][\w.'’&-]*\s(?:via|for)\s)?(?:Getty Images|Shutterstock|Alamy(?: Stock Photo)?"
                             r"|iStock(?:photo)?|AP Photo|PA (?:Images|Wire|Media)|EPA(?:-EFE)?|BACKGRID|Splash News|Flash ?90)$")
_COURTESY = re.compile(r"^(?:(?:photo|photos|image|video|picture)s?\s+)?courtesy(?:\s+of)?\s+\S", re.IGNORECASE)


def is_bare_credit_line(line: str) -> bool:
    """A media credit without a label standing alone: "Name Surname/Agency", "Photo courtesy of …"."""
    text = line.strip()
    if len(text.split()) > 8 or text.endswith((".", "!", "?", ":")):
        return False
    if _COURTESY.match(text) or _PICTURE_AGENCY.match(text):
        return True
    return bool(_NAME_SLASH_AGENCY.match(text)) and len(text.replace("/", " ").split()) >= 3
