"""One spelling per username, so that a lock or a lookup cannot be dodged by writing it differently."""

from __future__ import annotations

import unicodedata


def normalize_username(raw: str) -> str:
    """The stored spelling of a username: compatibility forms folded (fullwidth letters become
    ASCII), surrounding whitespace (tabs included) dropped, case folded.

    NFKC runs again after casefold because folding can produce characters that NFKC would
    have composed differently; the result is then stable: normalising it twice changes nothing.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", raw).casefold())
    return folded.strip()
