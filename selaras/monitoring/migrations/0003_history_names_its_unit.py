"""Older change-log entries of sub kegiatan, indicators, reports and figures name their Unit
Kerja too, so that the Renja's history can show a unit's entries only to those who see the
unit, also once the row itself is deleted (the unit is then read from the logged values)."""

from django.db import migrations

UNIT_MODELS = {
    ("planning", "subkegiatan"),
    ("monitoring", "laporan"),
    ("monitoring", "realisasi"),
    ("monitoring", "realisasisubkegiatan"),
    ("monitoring", "buktidukung"),
}


def _logged_unit(changes):
    values = (changes or {}).get("unit_kerja") or []
    for value in values:
        if str(value).isdigit():
            return int(value)
    return None


def name_units(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    SubKegiatan = apps.get_model("planning", "SubKegiatan")
    Indikator = apps.get_model("planning", "Indikator")
    sub_units = dict(SubKegiatan.objects.values_list("pk", "unit_kerja_id"))
    indikator_subs = dict(Indikator.objects.values_list("pk", "sub_kegiatan_id"))
    for entry in LogEntry.objects.filter(additional_data__renja__isnull=False).select_related("content_type"):
        data = dict(entry.additional_data or {})
        if "unit_kerja" in data:
            continue
        key = (entry.content_type.app_label, entry.content_type.model)
        unit = None
        if key in UNIT_MODELS:
            model = apps.get_model(*key)
            unit = model.objects.filter(pk=entry.object_pk).values_list("unit_kerja_id", flat=True).first()
            unit = unit or _logged_unit(entry.changes if isinstance(entry.changes, dict) else None)
        elif key == ("planning", "indikator"):
            sub = data.get("sub_kegiatan") or indikator_subs.get(int(entry.object_pk))
            if not sub:
                continue  # an outcome indicator: the whole Perangkat Daerah reads it
            unit = sub_units.get(sub)
        if unit is None and data.get("sub_kegiatan"):
            unit = sub_units.get(data["sub_kegiatan"])
        if unit is not None:
            data["unit_kerja"] = unit
            entry.additional_data = data
            entry.save(update_fields=["additional_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("monitoring", "0002_protect_reported"),
        ("planning", "0003_indikator_sumber_otomatis"),
    ]

    operations = [migrations.RunPython(name_units, migrations.RunPython.noop)]
