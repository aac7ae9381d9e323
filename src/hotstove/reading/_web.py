"""Articles at http(s) addresses, fetched under the download rules of ``hotstove.kb.fetch``.

The same timeouts, User-Agent, retries (5xx, 429, dropped connections) and size cap as every
other download; redirects are followed (at most 5) but only to http or https addresses; the
answer must be a web page, a feed or text (by its Content-Type, or by its first bytes when the
server states none). The body is then read like a file of the same kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from hotstove.errors import BadInput
from hotstove.kb.fetch import TIMEOUT, get_bytes, user_agent

MAX_REDIRECTS = 5
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True, slots=True)
class Page:
    """What a URL answered: the body, its media type (``""`` when none) and charset."""

    url: str
    data: bytes
    media_type: str
    charset: str | None

    @property
    def kind(self) -> str:
        """``"html"``, ``"feed"``, ``"xml"`` (sniff further), ``"text"`` or ``""`` (unknown)."""
        for kind, types in (
            ("html", _HTML_TYPES),
            ("feed", _FEED_TYPES),
            ("xml", _XML_TYPES),
            ("text", _TEXT_TYPES),
        ):
            if self.media_type in types:
                return kind
        return ""


def _only_http_redirects(response: httpx.Response) -> None:
    """Refuse a redirect to anything but http(s) before httpx tries to follow it."""
    if response.has_redirect_location:
        target = response.url.join(response.headers["Location"])
        if target.scheme not in ("http", "https"):
            raise BadInput(
                f"redirected to a {target.scheme}: address; only http and https URLs are read"
            )


def fetch_page(url: str, *, max_bytes: int, client: httpx.Client | None = None) -> Page:
    """GET ``url`` under the shared rules. Raises a ``HotstoveError`` with a one-line message."""
    seen: dict[str, str] = {}

    def check_head(_head: bytes, content_type: str) -> None:
        media = content_type.split(";", 1)[0].strip().casefold()
        seen["type"] = content_type
        known = (*_HTML_TYPES, *_FEED_TYPES, *_XML_TYPES, *_TEXT_TYPES)
        if media and media not in known:
            raise BadInput(f"the server sent {media}, not a web page, feed or text")

    own = client is None
    http = client or httpx.Client(
        headers={"User-Agent": user_agent()},
        timeout=TIMEOUT,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        event_hooks={"response": [_only_http_redirects]},
    )
    try:
        data = get_bytes(http, url, what="article", max_bytes=max_bytes, check_head=check_head)
    except httpx.TooManyRedirects:
        raise BadInput(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.HTTPError as exc:  # anything the shared helper does not already explain
        raise BadInput(f"could not fetch ({type(exc).__name__})") from None
    finally:
        if own:
            http.close()
    content_type = seen.get("type", "")
    media = content_type.split(";", 1)[0].strip().casefold()
    charset = None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().casefold() == "charset" and value.strip():
            charset = value.strip().strip('"').strip("'")
    return Page(url=url, data=data, media_type=media, charset=charset)
