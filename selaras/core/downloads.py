"""A progress indicator for slow downloads (PDF, XLSX).

The page's script (static/js/selaras.js) adds a random `unduh` token to the link and shows
a spinner; the view, once the file is ready, answers with a cookie carrying the same token,
and the script then hides the spinner. Browsers give no other signal that a download began.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

COOKIE = "selaras_unduh"
TOKEN = re.compile(r"^[A-Za-z0-9]{1,32}$")


def download_progress(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        token = request.GET.get("unduh", "")
        if response.status_code == 200 and TOKEN.match(token):
            response.set_cookie(COOKIE, token, max_age=120, samesite="Lax", httponly=False)
        return response

    return wrapper
