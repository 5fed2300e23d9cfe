"""Credentials never leave the process: one place that masks them wherever a URL is shown.

Database URLs (``postgresql://alice:S3cret@host/db``) carry passwords, and so do driver
error messages that echo a connection string (``password=S3cret``). Every message, log
line and JSON field that shows a URL goes through `redact_url` (a URL) or `redact_text`
(free text that may contain URLs or libpq key/value strings).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

MASK = "***"

# scheme://user:password@host -- the password ends at the last '@' before the host part
_URL_CREDENTIALS = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]*:)(?P<secret>[^\s/]*)(?P<at>@)")
# libpq key/value strings and query parameters: password=..., sslpassword='...'
_KEY_VALUE = re.compile(
    r"(?P<key>\b(?:ssl)?pass(?:word|wd)?\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|\"[^\"]*\"|[^\s&;,)]+)",
    re.IGNORECASE,
)
_SECRET_QUERY_KEYS = frozenset({"password", "pass", "passwd", "sslpassword"})


def redact_url(url: str) -> str:
    """``url`` with its password (and any password query parameter) replaced by ``***``.

    Anything that is not a URL with credentials is returned unchanged, so it is safe to
    apply to every ledger or source location before it is shown.
    """
    if "://" not in url:
        return redact_text(url)
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            if ":" in userinfo:
                userinfo = userinfo.split(":", 1)[0] + ":" + MASK
            netloc = f"{userinfo}@{host}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(k.lower() in _SECRET_QUERY_KEYS for k, _ in pairs):
                query = urlencode([(k, MASK if k.lower() in _SECRET_QUERY_KEYS else v) for k, v in pairs],
                                  safe="*")
        if (netloc, query) == (parts.netloc, parts.query):
            return url  # nothing secret: keep it byte for byte (urlunsplit would drop sqlite:///'s //)
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not parseable as a URL (e.g. a bad port): mask by pattern
        return redact_text(url)


def redact_text(text: str, *urls: str) -> str:
    """Free text (an error message, a log line) with every embedded credential masked.

    Passing the ``urls`` the text may be about also masks their passwords wherever they
    appear on their own (a driver may quote one outside any URL).
    """
    for url in urls:
        password = _password_of(url)
        if password:
            text = text.replace(password, MASK)
            if unquote(password) != password:
                text = text.replace(unquote(password), MASK)
    text = _URL_CREDENTIALS.sub(lambda m: m["head"] + MASK + m["at"], text)
    return _KEY_VALUE.sub(lambda m: m["key"] + MASK, text)


def _password_of(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
    except ValueError:
        match = _URL_CREDENTIALS.search(url)
        return match["secret"] if match else None
    userinfo = netloc.rsplit("@", 1)[0] if "@" in netloc else ""
    if ":" in userinfo:
        return userinfo.split(":", 1)[1] or None
    for key, value in parse_qsl(parts.query):
        if key.lower() in _SECRET_QUERY_KEYS:
            return value or None
    return None
