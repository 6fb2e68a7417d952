"""Site chrome: the parts of a scraped page that are not the story.

Navigation, section names, "Latest Stories", share and comment prompts,
newsletter sign-ups and donation appeals, in English, Hebrew and Russian.
Segmentation marks these lines ``boilerplate`` so the client can drop them;
they are not translated unless asked.
"""

from __future__ import annotations

import re

from translator.document.patterns import Alternatives

# Whole-line phrases (case-insensitive; a trailing ":", "»", "›" or "→" is allowed).
_LINE_PHRASES = {
    "en": r"""popular articles|popular|most popular|most read|latest stories|latest news|latest
        |related articles|related stories|related|read more|read also|see also|more from .{1,40}
        |more stories|more news|you may also like|recommended|recommended for you|don'?t miss|trending
        |top stories|share|share this|share this article|share on \w+|tweet|copy link|print|email
        |comments?|\d+ comments?|leave a comment|add a comment|show comments|join the conversation
        |subscribe|subscribe now|get started|newsletter|sign up|sign up for our newsletter|receive latest news & updates
        |advertisement|sponsored|sponsored content|follow us|follow us on .{1,30}|home|menu|search
        |log ?in|sign in|register|back to top|tags?:.*|topics?:.*|filed under:.*|follow|no comments|all rights reserved.*|©.*|copyright.*
        |(read more|read also|see also):.+|privacy policy|terms of use|cookie policy|listen to this article|facebook|twitter|x|whatsapp
        |telegram|linkedin|reddit|hide caption|toggle caption|enlarge this image|expand image|((facebook|twitter|whatsapp|telegram|email|linkedin|reddit|x)[\s|,]*){2,}""",
    "ru": r"""читайте также|читать также|смотрите также|по теме|материалы по теме|ещё по теме|еще по теме
        |популярное|самое читаемое|самое популярное|последние новости|все новости|лента новостей
        |новости партнеров|новости партнёров|главное|поделиться|поделитесь|комментарии|\d+ комментари\w*
        |оставить комментарий|комментировать|нет комментариев|реклама|подписывайтесь.*|подпишитесь.*|теги:.*|тэги:.*|темы:.*
        |все права защищены.*|главная|меню|поиск|войти|вконтакте|одноклассники|телеграм|мы в соцсетях.*
        |(читайте также|смотрите также|читать также):.+|нашли ошибку.*|следите за новостями.*|читать далее|подробнее""",
    "he": r"""כתבות נוספות|עוד באתר|עוד בנושא|עוד כתבות|הכי נקראות|הכי נקראים|המומלצים|מבזקים|חדשות אחרונות
        |שתפו|שתף|שיתוף|שתפו את הכתבה|תגובות|אין תגובות|\d+ תגובות|הוסיפו תגובה|הוספת תגובה|לכל התגובות|פרסומת
        |תוכן שיווקי|מודעה|כל הזכויות שמורות.*|דף הבית|ראשי|חיפוש|קראו עוד|קראו גם|לכתבה המלאה|ניוזלטר
        |(קראו עוד|קראו גם|עוד בנושא):.+|הירשמו.*|הרשמו.*|עקבו אחרינו.*|הצטרפו.*|פייסבוק|טוויטר|וואטסאפ|טלגרם|תגיות:.*""",
}
_WHOLE_LINE = re.compile(
    r"^(?:" + "|".join(re.sub(r"\s*\n\s*", "", p) for p in _LINE_PHRASES.values()) + r")\s*(?:[:»›→>]|\.{2,}|…)?$",
    re.IGNORECASE,
)

# Appeals that give a line away wherever they appear in it.
_APPEALS = Alternatives(
    r"donate (to|now|today)|support (us|our|independent)|readers like you|as little as \$|a message from"
    r"|sign up for|sign up here|subscribe to our|non-profit media|help us (educate|keep|continue)"
    r"|(exists|is here) (only )?(thanks to|because of) (its |our )?readers"
    r"|поддержите|пожертвуйте|подпишитесь на наш|помочь проекту|наш телеграм|в нашем телеграм"
    r"|существу\w+ (только )?благодаря (вам|читателям|поддержке читателей)|[—–-]\s*подписывайтесь\b"
    r"|תרמו|לתרומה|תמכו בנו|תמכו בעיתונות|הירשמו לניוזלטר|הצטרפו לערוץ|להצטרפות לקבוצת|^לקבלת עדכוני",
    re.IGNORECASE,
)

# "Home > News > Israel", "Главная / Новости / Политика", "ראשי > חדשות".
# Two crumbs are enough with an arrow between them ("חדשות > ביטחון"): a headline has no arrows.
_BREADCRUMBS = re.compile(r"^[^.!?]{1,30}(\s[>/»›|]\s[^.!?]{1,30}){2,}$"
                         r"|^(?:[^\s\d.!?>»›]+\s){0,2}[^\s\d.!?>»›]+\s[>»›]\s(?:[^\s\d.!?>»›]+\s){0,2}[^\s\d.!?>»›]+$")

# Headings that open a list of links to other stories.
_LIST_HEADINGS = re.compile(
    r"^(popular articles|also from this source|more from this source|most popular|most read|most viewed|most shared|trending( now| stories)?|popular now"
    r"|latest stories|latest news|related articles|related stories"
    r"|read more|read also|see also|more stories|more from .{1,40}|you may also like|recommended.*|top stories"
    r"|читайте также|смотрите также|по теме|материалы по теме|ещё по теме|еще по теме|популярное"
    r"|самое читаемое|последние новости|новости партнеров|новости партнёров"
    r"|more on this story|related topics|related tags|read next|up next|you might also like|you may have missed"
    r"|more in \w+( \w+)?|also in \w+|editor'?s picks|filed under|tags|topics|around the web"
    r"|suggested topics|related posts|related content|more to read|more videos|watch more|photo galleries"
    r"|ещё в разделе|еще в разделе|другие новости|новости по теме|вам может быть интересно|рекомендуем|теги"
    r"|подробнее по теме|другие фотоистории|ещё фотоистории|еще фотоистории|видео по теме|поделиться в соцсетях"
    r"|פוסטים קשורים|הכי נצפים|הכי נצפות|most watched|самое просматриваемое|גלריות נוספות|כתבות מומלצות|סרטונים נוספים|עוד סרטונים"
    r"|עוד מ\S+( \S+)?|עוד ב\S+( \S+)?|אולי יעניין אותך( גם)?|כתבות קשורות|מומלצים|תגיות"
    r"|כתבות נוספות|עוד באתר|עוד בנושא|עוד כתבות|הכי נקראות|הכי נקראים|המומלצים|קראו גם)\s*[:»›→>]?$",
    re.IGNORECASE,
)


def is_chrome(line: str) -> bool:
    """True when ``line`` is site chrome on its own (navigation, prompts, appeals)."""
    text = line.strip()
    if not text:
        return False
    return bool(_WHOLE_LINE.match(text) or _APPEALS.search(text) or _BREADCRUMBS.match(text)
                or _LIST_HEADINGS.match(text))


def opens_link_list(line: str) -> bool:
    """True when ``line`` heads a list of other stories ("Related articles", "Читайте также")."""
    return bool(_LIST_HEADINGS.match(line.strip()))
