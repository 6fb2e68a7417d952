"""What a line's own shape says about it, before its neighbours are asked.

Real chrome is open-ended: no phrase list names every weather widget, counter
or glued row of buttons a scraper leaves behind. What gives it away is its
shape: digits and units, a row of words run together, a bare number, a
"key: value" line of scraper metadata. Each test here looks at one line alone
and returns plain evidence; :mod:`translator.document.segment` weighs it with
the line's place on the page.
"""

from __future__ import annotations

import re

from translator.document.patterns import Alternatives

# Weather, traffic, markets and currency: a number with a unit or a sign, and few words.
_WIDGET = re.compile(
    r"[+\-−–]?\d+(?:[.,]\d+)?\s?°[CF]?"  # +12°, 30°C
    r"|^[^\d]{0,25}(?:^|[\s,])[+\-−]\d{1,2}(?:[.,]\d)?$"  # "Облачно, +12", not "המחזור ה-20"
    r"|\d+(?:[.,]\d+)?\s?(?:м/с|км/ч|km/h|mph|m/s|מ\"ש|קמ\"ש)"
    r"|(?:USD|EUR|GBP|RUB|ILS|NIS|\$|€|£|₪)\s?\d+(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?\s?(?:₪|\$|€|£|руб\.?|₽)"
    r"|[▲▼△▽↑↓]\s?\d"
    r"|[+\-−]\d+(?:[.,]\d+)?\s?%"
    r"|\b\d{1,2}\s?/\s?10\b",  # "Пробки 6/10"
    re.IGNORECASE,
)
# "Качество воздуха сегодня: вредно (AQI 162)", "5-day forecast", "Прогноз на 5 дней", "תחזית ל-5 ימים".
_AIR_OR_FORECAST = re.compile(
    r"^(?:air quality|качество воздуха|איכות (?:ה)?אוויר)\b|.*\bAQI\s?\d"
    r"|^(?:\d+-day forecast|прогноз (?:погоды )?на \d+ дн\w*|תחזית ל-?\d+ ימים)$",
    re.IGNORECASE,
)
# Counters and bare numbers: views, comments, likes, "3 of 12", "Фото 3 из 12", "18+".
_COUNTER = re.compile(
    r"^[\W\d_]*\d[\d\s.,:/KkMmкКтыс]*[\W_]*$"
    r"|^\D{0,12}\d+\s+(?:of|из|מתוך)\s+\d+$"
    r"|^\d+(?:[.,]\d+)?[KkMm]?\s+(?:comments?|views?|shares?|likes?|replies|reads|photos|комментари\w*|просмотр\w*"
    r"|фото|תגובות|צפיות|שיתופים|תמונות|צפייה בגלריה)$"
    r"|^(?:views?|comments?|просмотры|комментарии|תגובות|צפיות)[:\s]+\d[\d\s.,KkMm]*$",
    re.IGNORECASE,
)
# Words run together by a scraper that dropped the spaces between buttons or links.
_GLUED = re.compile(r"[a-zа-яё][A-ZА-ЯЁ][a-zа-яё]")
_HE_BUTTONS = "שתפו|שתף|שיתוף|פייסבוק|טוויטר|וואטסאפ|מייל|טלגרם|הדפסה|העתקת|הדפס|לינקדאין|שמירה|תגובות"
_GLUED_HE = re.compile(rf"(?:{_HE_BUTTONS})(?:{_HE_BUTTONS})")
# Scraper metadata: "url: …", "date 2024-05-01", "Сохранено: …".
_METADATA = re.compile(
    r"^(?:url|link|source url|date|published_at|saved|retrieved|scraped|title|canonical|сохранено|ссылка|адрес"
    r"|короткая ссылка|short link|permalink)\s*[:=]?\s*(?:https?://|www\.|\d{4}-\d\d-\d\d|\S+\.\w{2,}/)",
    re.IGNORECASE,
)
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# "3 hours ago", "5 минут назад", "לפני 3 שעות": when the story was posted.
_TIME_AGO = re.compile(
    r"^(?:(?:updated|обновлено|עודכן)\s*:?\s+)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago$"
    r"|^(?:(?:обновлено|updated)\s*:?\s+)?\d+\s+(?:секунд\w*|минут\w*|час\w*|дн\w*|дней)\s+назад$"
    r"|^(?:עודכן\s*:?\s+)?לפני\s+\d+\s+(?:שניות|דקות|שעות|ימים)$|^לפני\s+(?:שעה|דקה|יום)$",
    re.IGNORECASE,
)
# A live blog's time stamp, a clock time alone: "14:32", "09:15 AM", "14:32 IDT".
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s?[A-Z]{2,4})?$", re.IGNORECASE)
# Broadcaster labels: "Image source, Getty Images", "Автор фото, Reuters"; "Image caption, …".
_IMAGE_SOURCE = re.compile(r"^(?:image source|media source|автор фото|источник фото|מקור התמונה)\s*,", re.IGNORECASE)
_IMAGE_CAPTION = re.compile(r"^(?:image caption|media caption|caption|подпись к фото|подпись к видео|כיתוב)\s*,",
                            re.IGNORECASE)
# "Author, Olga Severina", "Должность, Русская служба": a broadcaster's byline fields.
_BYLINE_FIELD = re.compile(r"^(?:author|role|position|автор|должность|כתב|תפקיד)\s*,\s*\S", re.IGNORECASE)
# A source in parentheses on a line of its own: "(Haaretz)", "(dpa, Reuters)".
_SOURCE_IN_PARENS = re.compile(r"^\([^()]{2,40}\)$")
# "Reporting from Ein Gedi", "Middle East correspondent", "Staff writer".
_ROLE = Alternatives(
    r"^(?:reporting|writing) from(?:\b|(?=[A-Z]))|\b(?:correspondent|editor|reporter|staff writer|columnist|contributor"
    r"|bureau chief)$|^(?:корреспондент|обозреватель|редактор|собкор|спецкор)\b|^(?:כתב|כתבת|פרשן|עורך)\s",
    re.IGNORECASE,
)
# "6 min read", "Reading time: 5 minutes", "Время чтения: 3 мин", "Просмотров: 1 874", "זמן קריאה: 4 דקות".
_READING = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|мин\.?|минут\w*|דקות|דק['׳])\s*(?:read|чтения|קריאה)"
    r"|(?:reading time|read time|время (?:чтения|прочтения)|זמן קריאה)\s*:?\s*\d+\s*\w*\.?"
    r"|(?:просмотров|прочтений|views|צפיות|дата сохранения|saved on)\s*:?\s*[\d\s.,:]+)$",
    re.IGNORECASE,
)
# The disclaimers, notices and prompts every site prints around a story, whatever its words.
_NOTICE = Alternatives(
    r"^(?:the )?views (?:and opinions )?expressed (?:in this|here)|^мнение (?:автора|редакции) (?:может )?не совпада"
    r"|не является (?:инвестиционной|индивидуальной) рекомендаци|^market data (?:is )?delayed"
    r"|^(?:we|this (?:web)?site|our (?:web)?site) uses? cookies|cookies? (?:policy|settings)|использу\w+ (?:файлы )?cookie"
    r"|^(?:אתר זה|האתר|אנחנו|אנו) משתמש\w* ב(?:עוגיות|קוקיז)"
    r"|^\W{0,3}(?:слушать|прослушать) (?:новость|статью|материал)|^\W{0,3}listen to (?:this|the) (?:article|story)"
    r"|^\W{0,3}(?:האזינו|להאזנה) ל(?:כתבה|ידיעה)"
    r"|^(?:get|sign up for|subscribe to) (?:the|our) .{0,60}(?:newsletter|briefing|stories)"
    r"|^get unlimited access|^subscribe (?:for|to get) (?:full|unlimited) access|^gift this article"
    r"|^(?:already a subscriber|have an account)\b|^сохранить в закладки|^показать (?:еще|ещё) \d+"
    r"|^(?:skip to (?:content|main content|navigation))|^перейти к (?:содержанию|главному меню|основному)"
    r"|^(?:welcome to the discussion|join the discussion|keep it clean)"
    # loading, paging and subscribing
    r"|^(?:load|show|see) (?:more|earlier|older|previous)\b|^загрузить (?:ещё|еще|более ранние)|^טען (?:עוד|עדכונים)"
    r"|^(?:оформить подписку|уже подписаны|продолжение доступно|чтобы дочитать)|^(?:כבר מנויים|להמשך קריאה)"
    r"|^(?:нашли (?:опечатку|ошибку))|^(?:האתר משתמש בעוגיות)|^הדעות המובאות|^(?:related|читайте также|ראו גם)\s*:"
    r"|^(?:поделиться|share(?: this)?|שתפו|שתף)\s*:\s*(?:\w+\s*){1,6}$"
    r"|^(?:כתיבת תגובה|פרסום תגובה|הוספת תגובה|написать комментарий|leave a reply|post comment)"
    r"|^(?:рубрика|раздел|section|מדור)\s*:"
    r"|^🔴?\s*live$"
    r"|^(?:listen to (?:this|the) article|слушать (?:статью|новость|материал)|האזינו לכתבה)\b"
    # embedded posts' buttons, the next article's teaser, a comment form's consent, link suffixes, disclaimers
    r"|^(?:view this post on instagram|посмотреть эту публикацию в instagram|צפו בפוסט הזה באינסטגרם)"
    r"|^(?:next article|next story|up next|следующая статья|следующий материал|הכתבה הבאה|הטור הבא)\s*:"
    r"|^(?:save my name, email|сохранить моё имя, email|שמור את השם שלי, האימייל)"
    r"|,\s*opens (?:in )?(?:a )?new (?:tab|window)$"
    r"|not responsible for the content of external|не несем ответственности за содержание (?:внешних|сторонних)"
    r"|אינ(?:ו|ה|ם) אחרא(?:י|ית|ים) לתוכן",
    re.IGNORECASE,
)
# Prompts that a story's sentence may also hold, so only a short line of their own gives them away:
# the paywall ("The full story is available only to subscribers").
_SHORT_NOTICE = re.compile(
    r"(?:available|reserved) (?:only )?(?:to|for) (?:our )?subscribers|זמינה? (?:רק )?למנויי"
    r"|доступ(?:ен|на|но)? только (?:для )?подписчик",
    re.IGNORECASE,
)
# Paging and gallery links: "← Previous story", "לכל הסרטונים ›", "« לגלריה הקודמת | לגלריה הבאה »".
_NAV_ARROWS = re.compile(r"^[←«‹<]\s|\s[→»›>]$|^[→»›]\s")
# A form's field: "Name *", "אימייל *".
_FORM_FIELD = re.compile(r"^\S+(?:\s\S+)?\s\*$")
# The heading of the readers' comments, below the story: everything under it is the readers', not the story's.
_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|reader comments|readers' comments|talkbacks?|комментари\w*|обсуждение"
    r"|отзывы читателей|תגובות|טוקבקים)(?:\s*[(\[]\d+[)\]])?\s*:?$"
    r"|^(?:guest ?book|condolences|sign the guest ?book|ספר (?:ה)?תנחומים|книга (?:памяти|соболезнований))$"
    r"|^(?:תגובות לכתבה|comments on this (?:article|story)|комментарии к (?:статье|новости|материалу))\s*(?:[(\[]\d+[)\]])?$"
    r"|^(?:welcome to|join) the discussion\.?$",
    re.IGNORECASE,
)
# A menu row flattened by the scraper: "Home  News  Sport  Weather", "Главная | Новости | Политика".
_MENU_SEPARATOR = re.compile(r"\s{2,}|\s[|•·]\s")
# The signature of an embedded post: "— Tamar Gilboa (@TamarGilboa) November 18, 2025",
# "A post shared by Tal Oren (@tal.oren.films)".
_POST_SIGNATURE = re.compile(r"^(?:[—–-]|a post shared by|публикация от|פוסט ששותף על ידי)\s*\S.{0,60}\(@[\w.]+\)",
                             re.IGNORECASE)
# Agency credits of the words: "(Reporting by …; Editing by …)", "Additional reporting by …".
_REPORTING_BY = re.compile(r"^\(?(?:additional )?(?:reporting|writing|editing|compiled) by\b", re.IGNORECASE)
# A picture credit with a copyright sign or a teaser label: "© Amr Hassan/IPV", "Фото в анонсе: …".
_PICTURE_CREDIT = re.compile(r"^©\s*\S.{0,60}/|^(?:фото в анонсе|фото на главной|תמונה ראשית)\s*:", re.IGNORECASE)
# Date and time pieces, in the three languages' spellings.
_DATE_PART = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\b(?:19|20)\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?=\s+(?:19|20)\d{2}\b)"
    r"|\b\d{1,2}\s+(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\b"
    r"|\bב?(?:ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר)\b",
    re.IGNORECASE,
)
# A news ticker's item: a time, then a headline, on one line ("09:41 В Багдаде открылась ярмарка").
_TICKER = re.compile(r"^(?:[01]?\d|2[0-3]):[0-5]\d\s*[|•·–—-]?\s*\S+(?:\s+\S+){2,}$")
# The desk as the author: "מערכת הדף", "Редакция сайта ИПВ", "The Editors", "Staff reports".
_DESK = re.compile(r"^(?:מערכת|редакция|the editors|editorial (?:staff|board)|staff reports?|newsroom)\b.{0,40}$"
                   r"|^(?:from )?(?:staff|wire)(?: (?:and|&) (?:staff|wire))? reports$|^по материалам (?:агентств|редакции)$",
                   re.IGNORECASE)
# An author's note: "The writer is …", "הכותבת היא …", "Автор — …".
_BIO = re.compile(r"^(?:the (?:writer|author) is|הכותב(?:ת)? (?:הוא|היא)|הכותבים הם|автор\s+[—–-]\s"
                  r"|(?:about the (?:author|writer)|об авторе|על הכותב(?:ת)?)\s*[:.—–-])", re.IGNORECASE)
# "Katya Rosen covers culture for …", "Dana Levi writes about …": an author's note that opens with her name.
# "Марина Тетерина — корреспондент отдела «Общество», пишет о ЖКХ …": her name, a dash, her post.
_NAMED_BIO = re.compile(r"^(?:[A-ZА-ЯЁ][\w'’-]+\s){1,3}(?:covers|writes about|writes on|reports on|reports from)\s"
                        r"|^(?:[A-ZА-ЯЁ][\w'’-]+\s){2,3}[—–]\s(?:(?:старший|специальный|собственный|штатный)\s)?"
                        r"(?:корреспондент|обозреватель|журналист|редактор|колумнист)\w*\b")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{3})\.\s")
_CLOCK_PART = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d")
_VIDEO_LENGTH = re.compile(r"^(?:duration|video duration|זמן צפייה|משך|продолжительность|длительность)[,:]?\s*"
                           r"\d{1,2}(?::\d{2}){1,2}$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё'’.-]+|[A-Z]\.|[\u05d0-\u05ea'׳\"״-]{2,})$")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
# What may close a title after its last word: quotation marks and brackets.
CLOSERS = "\"'”’»“›)]״"


def has_letters(text: str) -> bool:
    """Whether the line has a letter at all (a row of dingbats or a bare number has none)."""
    return _LETTER.search(text) is not None


def letters(text: str) -> int:
    """How many letters the line has."""
    return len(_LETTER.findall(text))


def is_widget(text: str) -> bool:
    """Weather, traffic, market or currency figures in a few words ("Облачно, +12", "USD 3,65 ₪").

    A row of such figures may be longer ("Пн +38° Вт +40° Ср +29°", "דולר 3.62 ▲0.4% | יורו 3.94 ▼0.1%"):
    a figure for every four words or fewer. An air-quality reading or a forecast's heading is a widget too.
    """
    tokens = text.split()
    if len(tokens) > 40:
        return False  # a paragraph, however many figures it quotes
    sentence = len(tokens) > 4 and text.rstrip().endswith(".")  # past four words, a row has no full stop
    figures = len(_WIDGET.findall(text)) if not sentence and _DIGIT.search(text) else 0
    if sentence or not figures:
        return len(tokens) <= 12 and bool(_AIR_OR_FORECAST.match(text.strip()))
    words = sum(1 for w in tokens if any(c.isalnum() for c in w))  # not the separators between figures
    return words <= 8 or (figures >= 3 and words <= 4 * figures and not text.rstrip().endswith("."))


def reads_as_content(text: str, titles: bool = True) -> bool:
    """A line no place on the page makes the site's: a sentence of four words or more, an aside in parentheses
    (a case number), or, with ``titles``, a title-shaped line of 13 words or more (a paragraph a paywall cut
    short has no full stop). Above the headline a long title is the page's own title again: ``titles=False``."""
    core = text.rstrip(CLOSERS + " ")
    count = len(text.split())
    return (titles and count >= 13) or (count >= 4 and core.endswith((".", "!", "?", "…"))) or (
        text.startswith("(") and text.rstrip().endswith(")") and count >= 3)


def is_counter(text: str) -> bool:
    """A count or a bare number: views, comments, "3 of 12", "👁 3 126"."""
    return len(text) <= 40 and bool(_COUNTER.match(text.strip()))


def is_glued(text: str) -> bool:
    """Buttons or links run together by a scraper ("ShareShare", "ГлавнаяПолитика"): two or more seams.

    Hebrew has no capitals to show a seam: there, two of a site's button words run together give it away.
    """
    tokens = text.split()
    seams = len(_GLUED.findall(" ".join(token for token in tokens if token[:1] not in "#@")))  # a seam has no space
    return seams >= 2 or (len(tokens) == 1 and seams == 1) or bool(_GLUED_HE.search(text))


def is_metadata(text: str) -> bool:
    """A scraper's metadata line or a bare URL."""
    return bool(_METADATA.match(text) or _URL_ONLY.match(text))


def is_time_stamp(text: str) -> bool:
    """When a story or a live-blog entry was posted: "3 hours ago", "14:32"."""
    return bool(_TIME_AGO.match(text) or _CLOCK.match(text))


def is_image_source(text: str) -> bool:
    """A broadcaster's credit label: "Image source, Getty Images"."""
    return bool(_IMAGE_SOURCE.match(text))


def is_video_length(text: str) -> bool:
    """A video's length under its title: "Duration 2:14", "זמן צפייה: 01:48", "Продолжительность 2:14"."""
    return bool(_VIDEO_LENGTH.match(text.strip()))


def is_image_caption(text: str) -> bool:
    """A broadcaster's caption label: "Image caption, …"."""
    return bool(_IMAGE_CAPTION.match(text))


def is_byline_field(text: str) -> bool:
    """A broadcaster's byline fields ("Author, …"), or a reporter's role or place ("Reporting from …")."""
    return bool(_BYLINE_FIELD.match(text) or _ROLE.search(text))


def is_source_line(text: str) -> bool:
    """A source in parentheses on its own line: "(Haaretz)"."""
    return bool(_SOURCE_IN_PARENS.match(text))


def is_reading_meta(text: str) -> bool:
    """Reading time or a labelled count of readers: "6 min read", "Просмотров: 1 874"."""
    return bool(_READING.match(text.strip()))


def is_notice(text: str) -> bool:
    """A site's standing notice or prompt: a disclaimer, a cookie notice, a paywall or newsletter prompt."""
    text = text.strip().lstrip("0123456789.) ")
    return bool(_NOTICE.search(text) or (words(text) <= 12 and _SHORT_NOTICE.search(text)))


def opens_comments(text: str) -> bool:
    """The heading of a readers' comments section ("Comments (3)", "Комментарии", "תגובות")."""
    return bool(_COMMENTS.match(text.strip()))


def is_menu_row(text: str) -> bool:
    """Three or more short items on one line, as a flattened menu or breadcrumb trail."""
    items = [item for item in _MENU_SEPARATOR.split(text.strip()) if item]
    return len(items) >= 3 and all(len(item.split()) <= 3 for item in items)


def is_post_signature(text: str) -> bool:
    """The "— name (@handle) date" line under an embedded post."""
    return bool(_POST_SIGNATURE.match(text.strip()))


def is_reporting_credit(text: str) -> bool:
    """"(Reporting by …; Editing by …)": who wrote and edited an agency story."""
    return bool(_REPORTING_BY.match(text.strip()))


def is_picture_credit(text: str) -> bool:
    """A picture credit with a copyright sign or a teaser label."""
    return bool(_PICTURE_CREDIT.match(text.strip()))


def is_dateline(text: str) -> bool:
    """A short line that is mostly a date or a time ("21:18, 9 сентября 2025", "Oct 14, 2025 Updated 3 hrs ago")."""
    parts = text.split(" | ")
    if len(parts) > 1:  # "Published: 14:02 BST, 3 May 2024 | Updated: 16:47 BST, 3 May 2024"
        return len(parts) <= 3 and all(is_dateline(part) for part in parts)
    words = text.split()
    if len(words) > 12 or not any(not _YEAR.fullmatch(m.group()) for m in _DATE_PART.finditer(text)):
        return False  # a year alone ("Elections 2026") is not a date line
    rest = _DATE_PART.sub(" ", text)
    # With a date, a few words around it ("Updated 3 hrs ago"); with a clock time alone, a word or two
    # ("обновлено 10:40"), so that "Knesset vote set for 18:00" stays a headline.
    dated = any(not _CLOCK_PART.fullmatch(m.group()) and not _YEAR.fullmatch(m.group())
                for m in _DATE_PART.finditer(text))
    others = len([w for w in rest.split() if letters(w) >= 2])
    # "Пленарное заседание Кнессета. 11 марта 2025 года" is a caption: a phrase and its full stop before the date.
    phrase = _SENTENCE_END.split(rest.strip(), maxsplit=1)
    return (others <= (5 if dated else 2) and not text.rstrip().endswith((".", "!", "?"))
            and not (len(phrase) > 1 and len(phrase[0].split()) >= 2))


def is_navigation(text: str) -> bool:
    """A paging or gallery link with its arrow, or a form's field: the page's machinery."""
    text = text.strip()
    return len(text.split()) <= 10 and bool(_NAV_ARROWS.search(text) or _FORM_FIELD.match(text))


def is_ticker(text: str) -> bool:
    """A news ticker's item: a clock time and a headline on one line (not a time and a date)."""
    return len(text.split()) <= 16 and bool(_TICKER.match(text.strip())) and not is_dateline(text)


def is_desk_or_bio(text: str) -> bool:
    """The desk as the author ("Редакция сайта ИПВ"), or the author's note ("The writer is …", "Об авторе: …")."""
    text = text.strip()
    return bool(_DESK.match(text) or _BIO.match(text) or (len(text) <= 400 and _NAMED_BIO.match(text)))


def is_bare_name(text: str) -> bool:
    """Two to four capitalised words and nothing else: a person's name standing alone ("Anna Kuleshova").

    Hebrew has no capitals, so there only the site's button words rule a line out.
    """
    words = text.split()
    if _GLUED_HE.search(text) or re.search(rf"(?:^|\s)(?:{_HE_BUTTONS})", text):
        return False
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and not text.endswith((".", ":"))


# Share buttons by name, alone or in a row: "Share on Facebook Share on X", "שתפו בפייסבוק | שתפו בוואטסאפ".
_SHARE_BUTTON = re.compile(
    r"(?:share (?:on|by|via) \w+|שתפו? ב\S+|поделиться (?:в|во) \S+|\d+\s+(?:comments?|תגובות|комментари\w*))",
    re.IGNORECASE,
)
# A credit with no label closing a caption: "… 2025. (AP Photo/Lior Avni)", "(Avi Dror/Flash90)",
# "… 2025. REUTERS/Noa Tsur", or run into the caption by the scraper ("…в ГамбургеФото: Daniel Roth/dpa").
_BARE_CREDIT = re.compile(
    r"\((?:[A-Z]{2,5} )?Photo/[^()]+\)$|\([^()]{2,50} via (?:AP|AFP|Reuters|Getty Images)\)$"
    r"|\[[A-Z][^\[\]/]{1,40}/[^\[\]]{2,40}\]$"
    r"|\([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\s?/\s?[A-Z][^()]{1,40}\)$"
    r"|(?<=[.!?]\s)[A-Z]{2,}(?:\s[A-Z]{2,})?/[A-Z]"
    r"|[a-zа-яё](?:Фото|Photo|Foto|Image|Credit|Источник):\s?\S"
)
# "Video: how the snow reached the summit", "Видео: репортаж из зала суда": a video's title after its label.
_MEDIA_TITLE = re.compile(r"^(?P<label>video|видео|וידאו|watch|צפו|смотрите|photos?|фото|צילומים|gallery|галерея|גלריה)\s*:\s*(?P<rest>.+)$",
                          re.IGNORECASE)
_VIDEO_LABELS = ("video", "видео", "וידאו", "watch", "צפו", "смотрите")
# The site's copyright, wherever it stands in the line: "Ракурс.ИЛ © 2025. Права на фотографии …".
# (A caption's "… © 2025 Reuters" is a credit: a footer's year stands before a full stop or its rights.)
_COPYRIGHT = re.compile(r"(?:©|\bcopyright)\s*(?:©\s*)?(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?(?:\.|.*\b(?:rights|права"
                        r"|זכויות|reserved|защищены|שמורות))", re.IGNORECASE)
# The print edition's reference: "Газета «Деловой курьер» №214 от 18.11.2025, стр. 6".
_PRINT_EDITION = re.compile(r"№\s?\d+.{0,30}(?:\d{4}|\d\d)\s*,?\s*(?:стр|с|p|page)\.?\s?\d+$", re.IGNORECASE)
# A gallery's place: "Фото 3 из 12", "3 of 12", "4/12".
_GALLERY_COUNTER = re.compile(r"^\D{0,12}\d+\s*(?:of|из|מתוך|/)\s*\d+$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*[|•·]\s*|,\s+")


def words(text: str) -> int:
    """How many words the line has."""
    return len(text.split())


def title_like(text: str, max_words: int) -> bool:
    """Short and not ending like a sentence (headlines may end in ? or !)."""
    core = text.rstrip(CLOSERS)
    return words(text) <= max_words and len(text) <= 250 and not core.endswith((".", ",", ";", ":", "…"))


def is_share_row(text: str) -> bool:
    """Share buttons named one by one ("Share on Facebook Share on X Share by Email 64 comments")."""
    rest = _SHARE_BUTTON.sub(" ", text)
    return rest != text and not letters(rest.replace("|", ""))


def ends_with_bare_credit(text: str) -> bool:
    """A caption whose credit carries no label: "… Jerusalem, March 3, 2024. (AP Photo/Maya Alleruzzo)"."""
    return words(text) >= 5 and bool(_BARE_CREDIT.search(text.strip()))


def is_media_title(text: str) -> bool:
    """A media label before a title, not before a name: "Video: how the snow reached the summit".

    A credit names people or agencies: a few words, often capitalised, with slashes or commas between them.
    """
    match = _MEDIA_TITLE.match(text.strip())
    if match is None:
        return False
    rest = match.group("rest").split("|")[0]
    capitalised = sum(1 for w in rest.split() if w[:1].isupper())
    return words(rest) >= 5 and not any(mark in rest for mark in "/,©") and capitalised * 2 < words(rest)


def is_video_title(text: str) -> bool:
    """A video's title under its label: a caption ("Видео: репортаж Кирилла Ярова из зала суда")."""
    match = _MEDIA_TITLE.match(text.strip())
    return match is not None and match.group("label").casefold() in _VIDEO_LABELS and is_media_title(text)


def is_name_and_time(text: str) -> bool:
    """An author's name and when: "ליאת שמעוני | היום, 19:40", "Анна Фогель, 14 октября 2025 г."."""
    parts = _SEPARATOR.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return False
    name, when = parts
    return 1 <= words(name) <= 4 and not any(c.isdigit() for c in name) and is_dateline(when)


def is_copyright(text: str) -> bool:
    """The site's copyright line, with its year ("Ракурс.ИЛ © 2025. Права на фотографии принадлежат авторам.")."""
    return words(text) <= 25 and bool(_COPYRIGHT.search(text))


def is_print_edition(text: str) -> bool:
    """Where the story ran in print: "Газета «Деловой курьер» №214 от 18.11.2025, стр. 6"."""
    return words(text) <= 14 and bool(_PRINT_EDITION.search(text.strip()))


def is_gallery_counter(text: str) -> bool:
    """A gallery's counter ("Фото 3 из 12"): the line under it is the picture's caption."""
    return len(text) <= 30 and bool(_GALLERY_COUNTER.match(text.strip()))


# A photo's caption toggle between its caption and its credit: "hide caption", "toggle caption".
_CAPTION_TOGGLE = re.compile(r"^(?:hide|show|toggle) caption$|^(?:enlarge|expand) (?:this )?image$", re.IGNORECASE)
# A wire story's lead opens with its place in capitals: "JERUSALEM (Reuters) —", "СЕВЕРОМЫССК, 12 ноября, ИА …".
_LEAD_DATELINE = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]{2,}(?:\s[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]+){0,2}(?:,\s|\s\(|\s[—–-]\s)")


def is_caption_toggle(text: str) -> bool:
    """The button that hides or shows a photo's caption: the site's, between the caption and its credit."""
    return bool(_CAPTION_TOGGLE.match(text.strip()))


def opens_with_dateline(text: str) -> bool:
    """A story's lead that opens with its dateline in capitals ("МОСКВА, 12 ноября —"): never a caption."""
    return bool(_LEAD_DATELINE.match(text))
