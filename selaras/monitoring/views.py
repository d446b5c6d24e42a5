"""Pages of the monitoring: the quarterly entry page per bidang."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from selaras.accounts.scoping import get_for_user
from selaras.planning.models import Renja


@login_required
def entry_page(request: HttpRequest, renja_pk: int, triwulan: int) -> HttpResponse:
    renja = get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, pk=renja_pk)
    return HttpResponse(f"{renja} {triwulan}")
