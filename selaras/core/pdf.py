"""PDF exports: a Django template rendered by WeasyPrint and sent as a download.

Every PDF gets the base stylesheet below as a user stylesheet, so a template only adds its
own rules and may override these (author rules win over user rules). The font is named
inside @page and its margin boxes as well as on the body: the margin boxes (the footer
with the page numbers) do not inherit the body's font, and WeasyPrint falls back to
whatever fontconfig offers first. DejaVu Sans comes from Debian's fonts-dejavu-core.

Nothing is fetched from the network: only data: URLs and files under the project's static
folders are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_CONTENT_TYPE = "application/pdf"
FONT = '"DejaVu Sans", sans-serif'
BASE_CSS = f"""
@page {{
  size: A4 landscape;
  margin: 14mm 12mm 16mm 12mm;
  font-family: {FONT};
  @bottom-right {{
    content: "Halaman " counter(page) " dari " counter(pages);
    font-family: {FONT};
    font-size: 7.5pt;
    color: #555;
  }}
}}
body {{ font-family: {FONT}; font-size: 8pt; line-height: 1.3; }}
"""


def _static_roots() -> list[Path]:
    return [Path(root).resolve() for root in getattr(settings, "STATICFILES_DIRS", [])]


class LocalFilesOnly(URLFetcher):
    """A URL fetcher that reads data: URLs and the project's static files, nothing else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlparse(url).path)).resolve()
            if any(path.is_relative_to(root) for root in _static_roots()):
                return super().fetch(url, headers)
        raise ValueError(f"Refusing to fetch {url}: PDFs read only the project's static files.")


def render_pdf(template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF bytes."""
    html = render_to_string(template_name, context, request=request)
    roots = _static_roots()
    base_url = roots[0].as_uri() + "/" if roots else None
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFilesOnly())
    return document.write_pdf(stylesheets=[CSS(string=BASE_CSS)])


def pdf_response(
    template_name: str, context: dict[str, Any], filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    """Render a template to PDF and send it as a download."""
    response = HttpResponse(render_pdf(template_name, context, request), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
