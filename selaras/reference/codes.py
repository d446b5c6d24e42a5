"""Nomenclature codes U.BB.PP.L.KK.SSSS (Permendagri 90/2019 as updated by Kepmendagri 050-5889/2021).

The older annex wrote sub-kegiatan with two digits (5.05.02.2.01.01); the current one with
four (5.05.02.2.01.0001). Both are accepted on import and stored in the four-digit form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
_PATTERN = re.compile(r"^(\d)(?:\.(\d{1,2})(?:\.(\d{1,2})(?:\.(\d)\.(\d{1,2})(?:\.(\d{1,4}))?)?)?)?$")


@dataclass(frozen=True)
class Code:
    urusan: str
    bidang: str = ""
    program: str = ""
    pemda_level: str = ""
    kegiatan: str = ""
    sub_kegiatan: str = ""

    @property
    def level(self) -> str:
        if self.sub_kegiatan:
            return "sub_kegiatan"
        if self.kegiatan:
            return "kegiatan"
        if self.program:
            return "program"
        if self.bidang:
            return "bidang"
        return "urusan"

    @property
    def full(self) -> str:
        parts = [self.urusan, self.bidang, self.program]
        if self.kegiatan:
            parts += [self.pemda_level, self.kegiatan]
        if self.sub_kegiatan:
            parts.append(self.sub_kegiatan)
        return ".".join(p for p in parts if p)

    @property
    def parent(self) -> str | None:
        if self.sub_kegiatan:
            return Code(self.urusan, self.bidang, self.program, self.pemda_level, self.kegiatan).full
        if self.kegiatan:
            return Code(self.urusan, self.bidang, self.program).full
        if self.program:
            return Code(self.urusan, self.bidang).full
        if self.bidang:
            return self.urusan
        return None


def parse_code(text: str) -> Code:
    """Parse and normalise a code; raise ValueError with an Indonesian message if malformed."""
    cleaned = (text or "").strip()
    match = _PATTERN.match(cleaned)
    if not match:
        raise ValueError(
            f"Kode '{text}' tidak sesuai format nomenklatur U.BB.PP.L.KK.SSSS (contoh 5.05.02.2.04.0001)."
        )
    u, bb, pp, lvl, kk, ssss = (g or "" for g in match.groups())
    sub = ""
    if ssss:
        if len(ssss) not in (2, 4):
            raise ValueError(f"Kode '{text}': bagian sub kegiatan harus 2 atau 4 digit.")
        sub = ssss.zfill(4)
    return Code(
        urusan=u,
        bidang=bb.zfill(2) if bb else "",
        program=pp.zfill(2) if pp else "",
        pemda_level=lvl,
        kegiatan=kk.zfill(2) if kk else "",
        sub_kegiatan=sub,
    )


def normalise_code(text: str) -> str:
    return parse_code(text).full
