"""An approved report's lock is worded for who reads it, and the early warning's rule box
leaves the list in view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.monitoring.locks import lock_reason
from selaras.monitoring.models import Laporan

pytestmark = pytest.mark.django_db

REOPEN = "Buka kembali laporan ini bila perlu koreksi."
ASK = "Minta pimpinan membukanya kembali."


@pytest.fixture
def approved(cast, renja) -> Laporan:
    return Laporan.objects.create(
        pemda=cast.pemda, renja=renja, unit_kerja=cast.bidang_a, triwulan=1, status=Laporan.Status.DISETUJUI
    )


@pytest.mark.parametrize(
    ("persona", "wording"),
    [("pimpinan", REOPEN), ("perencana", REOPEN), ("operator_a", ASK), ("kepala_a", ASK)],
)
def test_the_lock_of_an_approved_report_is_worded_by_who_reads_it(cast, renja, approved, persona, wording):
    reason = lock_reason(renja, cast.bidang_a.pk, 1, getattr(cast, persona))
    assert reason and reason.endswith(wording)
    other = REOPEN if wording == ASK else ASK
    assert other not in reason


@pytest.mark.parametrize(("persona", "wording"), [("pimpinan", REOPEN), ("operator_a", ASK)])
def test_the_entry_page_tells_each_reader_what_to_do(client, cast, renja, approved, persona, wording):
    client.force_login(getattr(cast, persona))
    url = reverse("monitoring:entry", args=[renja.pk, 1]) + f"?bidang={cast.bidang_a.pk}"
    assert wording in client.get(url).content.decode()


def test_the_warning_rule_box_is_closed_by_default(client, cast, renja):
    client.force_login(cast.perencana)
    html = client.get(reverse("monitoring:warning", args=[renja.pk])).content.decode()
    start = html.index('id="warning-rule"')
    tag = html[html.rindex("<details", 0, start) : html.index(">", start)]
    assert " open" not in tag


def test_only_an_administrator_of_the_same_agency_may_reopen(cast, renja, approved):
    from django.core.exceptions import PermissionDenied

    from selaras.accounts.models import Role, User
    from selaras.monitoring import events

    own = User.objects.create(username="admin_sendiri", role=Role.ADMIN, pemda=cast.pemda,
                              perangkat_daerah=cast.balitbangda)  # fmt: skip
    other = User.objects.create(username="admin_lain", role=Role.ADMIN, pemda=cast.pemda,
                                perangkat_daerah=cast.other_pd)  # fmt: skip
    assert lock_reason(renja, cast.bidang_a.pk, 1, own).endswith(REOPEN)
    assert lock_reason(renja, cast.bidang_a.pk, 1, other).endswith(ASK)
    with pytest.raises(PermissionDenied):
        events.buka_kembali(approved, other, "Koreksi")
    events.buka_kembali(approved, own, "Koreksi realisasi")
    assert Laporan.objects.get(pk=approved.pk).status == Laporan.Status.DRAFT
