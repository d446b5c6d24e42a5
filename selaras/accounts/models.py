"""Users of Selaras: each belongs to a Pemda and usually to one Perangkat Daerah and Unit Kerja."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models

from selaras.accounts.usernames import normalize_username


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    PERENCANA = "perencana", "Perencana"
    OPERATOR = "operator", "Operator Bidang"
    KEPALA_BIDANG = "kepala_bidang", "Kepala Bidang"
    PIMPINAN = "pimpinan", "Pimpinan"
    PENDAMPING = "pendamping", "Pendamping UMKM"
    VERIFIKATOR = "verifikator", "Verifikator"


# Roles that see only the rows of their own Unit Kerja below their Perangkat Daerah.
UNIT_SCOPED_ROLES = frozenset({Role.OPERATOR, Role.KEPALA_BIDANG, Role.PENDAMPING})
# Roles that may change the plan of their Perangkat Daerah.
PLAN_EDITOR_ROLES = frozenset({Role.ADMIN, Role.PERENCANA})
# Roles that enter realisation: operators and heads for their own Unit Kerja, planners and
# administrators for the whole Perangkat Daerah.
REPORTER_ROLES = frozenset({Role.OPERATOR, Role.KEPALA_BIDANG, Role.PERENCANA, Role.ADMIN})
# Roles that approve a quarter once the head of the bidang has verified it.
APPROVER_ROLES = frozenset({Role.PIMPINAN, Role.PERENCANA})
# Roles that read every Perangkat Daerah of their Pemda (Bappeda's verifiers).
PEMDA_READER_ROLES = frozenset({Role.VERIFIKATOR})


class UserManager(DjangoUserManager):
    def get_by_natural_key(self, username: str) -> User:
        # Every lookup by name (login, createsuperuser's "already taken") sees one spelling.
        return self.get(username=normalize_username(username))

    async def aget_by_natural_key(self, username: str) -> User:
        return await self.aget(username=normalize_username(username))


class User(AbstractUser):
    """A person who logs in; the role decides what they may see and change."""

    role = models.CharField("peran", max_length=20, choices=Role.choices, default=Role.OPERATOR)
    pemda = models.ForeignKey(
        "organisations.Pemda", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    perangkat_daerah = models.ForeignKey(
        "organisations.PerangkatDaerah",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="Perangkat Daerah",
    )
    unit_kerja = models.ForeignKey(
        "organisations.UnitKerja",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="Unit Kerja",
    )
    jabatan = models.CharField("jabatan", max_length=120, blank=True)
    nip = models.CharField("NIP", max_length=30, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "Pengguna"
        verbose_name_plural = "Pengguna"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @classmethod
    def normalize_username(cls, username: str) -> str:
        # Used by UserManager.create_user and AbstractBaseUser.clean (forms, admin).
        return normalize_username(username) if isinstance(username, str) else username

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "username" in update_fields:
            self.username = self.normalize_username(self.username)
        super().save(*args, **kwargs)

    @property
    def is_unit_scoped(self) -> bool:
        return self.role in UNIT_SCOPED_ROLES and not self.is_superuser

    @property
    def can_edit_plans(self) -> bool:
        return self.is_superuser or self.role in PLAN_EDITOR_ROLES


class LoginFailure(models.Model):
    """A failed login on any path (login page, API, admin), kept to throttle guessing.

    The username is stored normalised, whether or not such a user exists. An attempt refused
    because of a lock is kept too (``refused``) for the record, but does not count towards
    a lock: otherwise anyone could keep an account locked by knocking on it.
    """

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    refused = models.BooleanField(default=False)

    class Meta:
        verbose_name = "Kegagalan masuk"
        verbose_name_plural = "Kegagalan masuk"

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
