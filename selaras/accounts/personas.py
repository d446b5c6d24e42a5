"""The cast of every permission test (see STYLE.md): two operators of two bidang of
Balitbangda, a planner, the agency head, an operator of another perangkat daerah, a
Bappeda verifier, and the anonymous visitor (Django's AnonymousUser)."""

from __future__ import annotations

from dataclasses import dataclass

from selaras.accounts.models import Role, User
from selaras.organisations.models import Pemda, PerangkatDaerah, UnitKerja

PASSWORD = "rahasia-uji-123"


@dataclass
class Cast:
    pemda: Pemda
    balitbangda: PerangkatDaerah
    bidang_a: UnitKerja
    bidang_b: UnitKerja
    other_pd: PerangkatDaerah
    operator_a: User
    operator_b: User
    kepala_a: User
    perencana: User
    pimpinan: User
    outsider: User
    verifikator: User


def _user(username: str, role: str, pemda: Pemda, pd: PerangkatDaerah, unit: UnitKerja | None = None) -> User:
    user = User(
        username=username,
        role=role,
        pemda=pemda,
        perangkat_daerah=pd,
        unit_kerja=unit,
        first_name=username.replace("_", " ").title(),
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def build_cast(pemda: Pemda) -> Cast:
    balitbangda = PerangkatDaerah.objects.create(
        pemda=pemda,
        nama="Badan Penelitian dan Pengembangan Daerah",
        singkatan="BALITBANGDA",
        kepala_nama="Dr. Kepala Uji",
        kepala_nip="197001012000031001",
    )
    other = PerangkatDaerah.objects.create(pemda=pemda, nama="Dinas Koperasi dan UKM", singkatan="DISKOPUKM")
    bappeda = PerangkatDaerah.objects.create(
        pemda=pemda, nama="Badan Perencanaan Pembangunan Daerah", singkatan="BAPPEDA"
    )
    bidang_a = UnitKerja.objects.create(
        pemda=pemda,
        perangkat_daerah=balitbangda,
        jenis="bidang",
        nama="Bidang Ekonomi dan Pembangunan",
        singkatan="EKBANG",
    )
    bidang_b = UnitKerja.objects.create(
        pemda=pemda,
        perangkat_daerah=balitbangda,
        jenis="bidang",
        nama="Bidang Inovasi dan Teknologi",
        singkatan="INTEK",
    )
    return Cast(
        pemda=pemda,
        balitbangda=balitbangda,
        bidang_a=bidang_a,
        bidang_b=bidang_b,
        other_pd=other,
        operator_a=_user("operator_a", Role.OPERATOR, pemda, balitbangda, bidang_a),
        operator_b=_user("operator_b", Role.OPERATOR, pemda, balitbangda, bidang_b),
        kepala_a=_user("kepala_a", Role.KEPALA_BIDANG, pemda, balitbangda, bidang_a),
        perencana=_user("perencana", Role.PERENCANA, pemda, balitbangda),
        pimpinan=_user("pimpinan", Role.PIMPINAN, pemda, balitbangda),
        outsider=_user("outsider", Role.OPERATOR, pemda, other),
        verifikator=_user("verifikator", Role.VERIFIKATOR, pemda, bappeda),
    )
