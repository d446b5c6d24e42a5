"""FilterSets of the plan's lists, shared by the API and (later) the exports.

The sub kegiatan filters delegate to the Renja tree's own TreeFilters, so that the page,
the API and a spreadsheet built from either show the same rows (a sub kegiatan for the
whole kabupaten counts in every kecamatan). Every choice is looked up among the rows the
user may refer to, so a filter on another agency's id is refused like an unknown id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.request import Request

from selaras.organisations.models import Kecamatan, UnitKerja
from selaras.planning.models import Indikator, Kegiatan, Program, Renja, Renstra, SubKegiatan
from selaras.planning.tree import TreeFilters
from selaras.reference.models import IsuStrategis, PrioritasNasional


def referable(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The rows of `queryset` a user may name in a filter or a payload.

    Plan rows follow their `visible_to`; rows that belong to a Pemda (unit kerja,
    kecamatan, isu strategis) are limited to the user's Pemda; the national reference
    (nomenklatur, RPJMN priorities) is shared by everyone.
    """
    if not user.is_authenticated:
        return queryset.none()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if user.is_superuser:
        return queryset
    try:
        queryset.model._meta.get_field("pemda")
    except FieldDoesNotExist:
        return queryset
    return queryset.filter(pemda_id=user.pemda_id)


def referable_rows(model: type[models.Model]) -> Callable[[HttpRequest | Request | None], QuerySet[Any]]:
    """A django-filter queryset callable: the model's rows the requesting user may name."""

    def rows(request: HttpRequest | Request | None) -> QuerySet[Any]:
        queryset = model._default_manager.all()
        if request is None:
            return queryset.none()
        return referable(queryset, request.user)

    return rows


def id_filter(model: type[models.Model], label: str, method: str | None = None) -> django_filters.Filter:
    """Filter on the id of a row the user may name (an unknown or hidden id is refused)."""
    field = django_filters.ModelChoiceFilter(queryset=referable_rows(model), label=label, method=method)
    # A method filter's `value` hint is a model instance, which the schema cannot type.
    return extend_schema_field(OpenApiTypes.INT)(field)


class RenjaFilterSet(django_filters.FilterSet):
    class Meta:
        model = Renja
        fields = ["tahun", "status"]


class RenstraFilterSet(django_filters.FilterSet):
    class Meta:
        model = Renstra
        fields = ["tahun_awal"]


class ProgramFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")

    class Meta:
        model = Program
        fields = ["renja"]


class KegiatanFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")
    program = id_filter(Program, "Program")

    class Meta:
        model = Kegiatan
        fields = ["renja", "program"]


class SubKegiatanFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")
    kegiatan = id_filter(Kegiatan, "Kegiatan")
    unit_kerja = id_filter(UnitKerja, "Unit kerja (bidang)", method="filter_as_tree")
    isu_strategis = id_filter(IsuStrategis, "Isu strategis", method="filter_as_tree")
    kecamatan = id_filter(
        Kecamatan, "Kecamatan (termasuk sub kegiatan untuk seluruh kabupaten)", method="filter_as_tree"
    )
    prioritas_nasional = id_filter(PrioritasNasional, "Prioritas nasional", method="filter_as_tree")

    class Meta:
        model = SubKegiatan
        fields = ["renja", "kegiatan", "unit_kerja", "isu_strategis", "kecamatan", "prioritas_nasional"]

    def filter_as_tree(self, queryset: QuerySet[SubKegiatan], name: str, value: Any) -> QuerySet[SubKegiatan]:
        if value is None:
            return queryset
        return TreeFilters(**{name: value.pk}).apply(queryset)


class IndikatorFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")
    program = id_filter(Program, "Program")
    kegiatan = id_filter(Kegiatan, "Kegiatan")
    sub_kegiatan = id_filter(SubKegiatan, "Sub kegiatan")

    class Meta:
        model = Indikator
        fields = ["renja", "program", "kegiatan", "sub_kegiatan"]
