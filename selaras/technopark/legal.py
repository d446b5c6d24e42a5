"""What an activity's outcome changes in the business registry: an outcome that gives a
business a legal status (NIB, sertifikat halal, SPP-IRT, merek) updates the business
itself, inside the activity's transaction, so the registry never contradicts the outcome
(the change is recorded in the business's history by django-auditlog, with the actor)."""

from __future__ import annotations

from selaras.technopark.models import UMKM, Partisipasi

# Partisipasi outcome -> the UMKM flag it sets.
LEGAL_OUTCOMES = {
    "nib_diperoleh": "punya_nib",
    "halal_diperoleh": "halal",
    "spp_irt_diperoleh": "spp_irt",
    "merek_didaftarkan": "merek",
}


def apply_legal_outcomes(partisipasi: Partisipasi, umkm: UMKM, nib: str = "") -> None:
    """Set the business's legal flags (and NIB number) its outcome gives. An outcome taken
    back later leaves the business as it is: the status may have come from elsewhere."""
    changed: list[str] = []
    for outcome, flag in LEGAL_OUTCOMES.items():
        if getattr(partisipasi, outcome) and not getattr(umkm, flag):
            setattr(umkm, flag, True)
            changed.append(flag)
    if nib and umkm.nib != nib:
        umkm.nib = nib
        changed.append("nib")
    if changed:
        umkm.save(update_fields=[*changed, "updated_at"])
