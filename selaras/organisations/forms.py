"""Form fields for the organisations: a unit is chosen by its name, not its short code."""

from __future__ import annotations

from django import forms

from selaras.organisations.models import UnitKerja


class UnitKerjaChoiceField(forms.ModelChoiceField):
    """A Unit Kerja chosen by its full name with its short code in brackets."""

    def label_from_instance(self, obj: UnitKerja) -> str:
        return obj.nama_lengkap
