"""The desk: the editors' web page, at ``/`` and ``/desk``.

One server-rendered page (``templates/desk.html``) and hand-written ES
modules and CSS (``static/``), served by Targum itself: no framework, no
bundler, no CDN, so it works offline. The page calls Targum's own JSON API
with ``fetch`` on the same origin, so everything it does can be done with
curl. Its responses carry a Content-Security-Policy that allows scripts,
styles and requests from this origin only (no inline script, no inline
style); the API's responses are left as they are. The page itself needs no
API key: it asks the editor for one when the API does (``docs/desk.md``).
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from translator.text.typography import QUOTE_STYLES
from translator.web.context import targum
from translator.web.openapi import API_VERSION

bp = Blueprint("desk", __name__, template_folder="templates", static_folder="static",
               static_url_path="/desk/static")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY"}


@bp.after_request
def secure(response: Response) -> Response:
    """The desk's pages and files: this origin only, and never framed."""
    response.headers.update(HEADERS)
    return response


@bp.get("/")
@bp.get("/desk")
def page() -> str:
    """The desk page (its data comes from the JSON API, fetched by the page's scripts)."""
    return render_template("desk.html", version=API_VERSION, languages=targum().settings.languages,
                           quote_styles=list(QUOTE_STYLES))
