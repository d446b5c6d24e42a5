"""Who may see an UMKM owner's personal data. Only the phone is held (never a NIK), and it
is shown to the people who work with the owner: the administrators and the mentors
(pendamping) of the business's Perangkat Daerah, and superusers. Every page, export and
API that shows a phone asks here."""

from __future__ import annotations

from typing import Any

from selaras.accounts.models import Role
from selaras.technopark.models import UMKM

HIDDEN = "disembunyikan"
PHONE_ROLES = frozenset({Role.ADMIN, Role.PENDAMPING})


def may_see_phones(user: Any) -> bool:
    """Whether the user's role may see any owner's phone (decides the export's column)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in PHONE_ROLES)


def may_see_phone(user: Any, umkm: UMKM) -> bool:
    """Whether the user may see this owner's phone: a superuser, or an administrator or
    mentor of the business's own Perangkat Daerah. Needs no query."""
    if not may_see_phones(user):
        return False
    if user.is_superuser:
        return True
    return user.pemda_id == umkm.pemda_id and user.perangkat_daerah_id == umkm.perangkat_daerah_id


def shown_phone(user: Any, umkm: UMKM) -> str:
    """The phone as this user may see it: the number, "disembunyikan", or "" when none."""
    if not umkm.telepon:
        return ""
    return umkm.telepon if may_see_phone(user, umkm) else HIDDEN
