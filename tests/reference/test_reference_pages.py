from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selaras.accounts.models import Role
from selaras.reference.models import IsuStrategis, Nomenklatur

pytestmark = pytest.mark.django_db


def test_nomenklatur_page_searches_codes_and_names(client, cast):
    client.force_login(cast.operator_a)
    html = client.get(reverse("reference:nomenklatur_list"), {"q": "5.05.02.2.04"}).content.decode()
    assert "Fasilitasi Hak Kekayaan Intelektual" in html
    assert "Penyediaan Gaji dan Tunjangan ASN" not in html
    assert "Impor nomenklatur" not in html


def _csv(text: str, name: str = "urusan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_only_an_administrator_imports_nomenklatur(client, cast):
    client.force_login(cast.perencana)
    assert client.get(reverse("reference:nomenklatur_import")).status_code == 403
    cast.perencana.role = Role.ADMIN
    cast.perencana.save()
    response = client.post(
        reverse("reference:nomenklatur_import"),
        {
            "berkas": _csv(
                "kode,nama,indikator,satuan\n2.17,KOPERASI USAHA KECIL DAN MENENGAH,,\n"
                "2.17.03,PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI,,\n"
            )
        },
    )
    assert response.status_code == 302
    assert Nomenklatur.objects.filter(kode="2.17.03", level="program").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("kode,nama\n2.17,KOPERASI\n2.17.99.2.01,Tanpa program\n"), "Baris 3: induk kode 2.17.99.2.01"),
        (_csv("kode,nama\n2.17,KOPERASI\n", name="urusan.xlsx"), "Berkas harus berformat CSV"),
        (_csv("nama\nKOPERASI\n"), "Kolom wajib tidak ada: kode"),
        (SimpleUploadedFile("u.csv", "kode,nama\n2.17,KOPERASI \xff\n".encode("latin-1")), "UTF-8"),
    ],
)
def test_bad_nomenklatur_files_are_refused_whole(client, cast, upload, message):
    cast.perencana.role = Role.ADMIN
    cast.perencana.save()
    client.force_login(cast.perencana)
    before = Nomenklatur.objects.count()
    response = client.post(reverse("reference:nomenklatur_import"), {"berkas": upload})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Nomenklatur.objects.count() == before


def test_planner_manages_strategic_issues_and_readers_cannot(client, cast, renja):
    client.force_login(cast.perencana)
    response = client.post(reverse("reference:isu_list"), {"nama": "Stunting", "keterangan": "Gizi anak"})
    assert response.status_code == 302
    isu = IsuStrategis.objects.get(pemda=cast.pemda, nama="Stunting")
    duplicate = client.post(reverse("reference:isu_list"), {"nama": "stunting"})
    assert duplicate.status_code == 422 and "sudah ada" in duplicate.content.decode()
    sub = renja.sub_kegiatan.first()
    sub.isu_strategis.add(isu)
    still_used = client.post(reverse("reference:isu_delete", args=[isu.pk]), follow=True)
    assert "masih dipakai oleh 1 sub kegiatan" in still_used.content.decode()
    assert IsuStrategis.objects.filter(pk=isu.pk).exists()
    client.force_login(cast.pimpinan)
    assert client.post(reverse("reference:isu_list"), {"nama": "Banjir"}).status_code == 403
    assert client.post(reverse("reference:isu_delete", args=[isu.pk])).status_code == 403
    assert "Stunting" in client.get(reverse("reference:isu_list")).content.decode()
