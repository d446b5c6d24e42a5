"""The error answers, in Bahasa Indonesia: pages in the site's layout with the view's own
reason and a way back, JSON on the API's paths. Wired in selaras/urls.py (handler400-500),
CSRF_FAILURE_VIEW, and ErrorPageMiddleware for the empty 405 of require_POST views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from selaras.core.params import BadParameter

NOT_FOUND = "Halaman atau data yang Anda cari tidak ditemukan, atau Anda tidak berhak melihatnya."
FORBIDDEN = "Anda tidak berhak membuka atau mengubah data ini."
NOT_ALLOWED = "Alamat ini tidak dapat dibuka dengan cara ini (misalnya tombol hapus dibuka sebagai tautan)."
CSRF = "Formulir ini sudah kedaluwarsa atau tidak dikirim dari Selaras. Muat ulang halaman, lalu coba lagi."


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _answer(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": message}, status=status)
    context = {"status": status, "title": title, "message": message}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: what was wrong with the request (the parameter helper's message)."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return _answer(request, 400, "Permintaan tidak valid", message or "Permintaan tidak valid.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403: the view's own reason (PermissionDenied("...")) when it gave one."""
    reason = str(exception) if exception is not None and str(exception) else FORBIDDEN
    return _answer(request, 403, "Akses ditolak", reason)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: never says whether the data exists elsewhere (an outsider gets this page);
    on the API, the same body as the API's own 404."""
    if is_api(request):
        return JsonResponse({"detail": "Data tidak ditemukan."}, status=404)
    return _answer(request, 404, "Tidak ditemukan", NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a plain page that needs no database or context processor."""
    if is_api(request):
        return JsonResponse({"detail": "Terjadi kesalahan pada server. Coba lagi nanti."}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _answer(request, 403, "Formulir kedaluwarsa", CSRF)


NUL = "Alamat memuat karakter NUL yang tidak diterima."


class ErrorPageMiddleware:
    """Refuse a query string holding a NUL byte before any view reads it (PostgreSQL cannot
    compare text with one, so a search or filter would fail), and give the empty 405 of a
    POST-only view (require_POST) a page that says what happened."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return _answer(request, 400, "Permintaan tidak valid", NUL)
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not is_api(request):
            page = _answer(request, 405, "Cara membuka tidak diizinkan", NOT_ALLOWED)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
