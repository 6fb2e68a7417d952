"""What the site says about itself and to its reader, whatever its words: mastheads and calls to action.

A site names itself at the top of the page ("Спорт-Урал.ру — новости спорта
Урала", "Газета Культура Интернет-версия", "Serving Fenwick since 1889") and
asks the reader to do something around the story ("Download the free … app",
"Want your company's news featured …?", "רוצים לקבל … הצטרפו", "Скачайте
приложение"). Neither is the story's: the story reports, it does not address
its reader in the imperative or by a question to join. Each test here looks
at one line alone; :mod:`translator.document.segment` weighs it.
"""

from __future__ import annotations

import re

# A site's name and what it is: "X — новости …", "X - האתר ש…", "X | כל החדשות", "The X — English news from …".
_NAME_AND_TAGLINE = re.compile(
    r"^[^.!?:]{2,40}?\s[—–|-]\s(?:\S+\s){0,2}?(?:новост\w*|news|חדשות|האתר|сайт|портал|издание|газета|עיתון)\b",
    re.IGNORECASE,
)
# "Газета Культура Интернет-версия", "גרסה נגישה", "Online edition"; a domain ("Спорт-Урал.ру"); "since 1889".
_EDITION_OR_DOMAIN = re.compile(
    r"(?:интернет-версия|online edition|digital edition|גרסה נגישה|מהדורה דיגיטלית)$"
    r"|^\S+\.(?:ру|рф|ru|com|co\.il|net|org|info)\b"
    r"|^(?:serving|since|основан\w*|издается с|с \d{4} года)\b.*\b(?:1[89]|20)\d\d$",
    re.IGNORECASE,
)
# A call to action that opens the line: the imperative (or the infinitive of a button) and what it asks for.
_CALL_TO_ACTION = re.compile(
    r"^(?:download|get|install|sign up|subscribe|join|follow|click|tap|see|watch|listen|track|explore|find)\b"
    r".{0,80}\b(?:app|apps|newsletter|alerts?|notifications?|updates|full list|live|here|podcast|channel|group"
    r"|outages|started)\b"
    r"|^(?:want|looking|interested)\b[^.!]{0,100}\?$"
    r"|^(?:רוצים|רוצה|מעוניינים)\s[^.!]{0,100}\?"
    r"|^(?:להורדת|הורידו|קבלו|הצטרפו|הירשמו|עקבו|לחצו)\s"
    r"|^(?:хотите)\s[^.!]{0,100}\?"
    r"|^(?:скачайте|скачать приложение|установите|присоединяйтесь|подписывайтесь|подпишитесь|следите за нами"
    r"|обновлять автоматически|включить уведомления)\b"
    r"|^(?:interactive|интерактив|אינטראקטיב)\w*\s*:",
    re.IGNORECASE,
)
# "Read in English", "Читать на русском", "קראו בעברית": the site's switch between its languages.
_LANGUAGE_SWITCH = re.compile(
    r"^(?:read (?:this )?(?:article |story )?in|читать на|קראו ב|לקריאה ב)\s?\S+$", re.IGNORECASE)
# The site's disclaimer under an opinion piece: "* הדברים משקפים את עמדת הכותבת בלבד", "The views … are the author's own".
_DISCLAIMER = re.compile(
    r"משקפים את עמדת ה?כותב|אינם מייצגים את עמדת המערכת|reflects? (?:only )?the (?:views?|opinions?) of the (?:author|writer)"
    r"|are (?:the author'?s|their) own|(?:отражает|выражает) (?:личное |исключительно )?мнение автора"
    r"|точка зрения автора (?:может )?не совпада",
    re.IGNORECASE,
)


def is_masthead(text: str) -> bool:
    """The site naming itself: its name and what it is, its edition, its domain, or its founding year."""
    text = text.strip()
    if len(text.split()) > 12 or text.endswith((".", "!", "?")):
        return False
    return bool(_NAME_AND_TAGLINE.match(text) or _EDITION_OR_DOMAIN.search(text))


def is_call_to_action(text: str) -> bool:
    """The site asking the reader to act: download, join, subscribe, follow, or a question that invites it.

    A quotation never is (someone in the story may say "join us"), nor a line of paragraph length.
    """
    text = text.strip().lstrip("*•► ")
    if len(text.split()) > 30 or text[:1] in "\"'«“„":
        return False
    return bool(_CALL_TO_ACTION.match(text) or _LANGUAGE_SWITCH.match(text))


def is_disclaimer(text: str) -> bool:
    """The site's note that the views are the author's, not the paper's."""
    return len(text.split()) <= 30 and bool(_DISCLAIMER.search(text))
