"""A range is a form of target, not a polarity.

Polarity "rentang" becomes "stabil" (stay inside the range), keeping the range: the lower
bound stays in `target` and the upper one in `target_atas`, on the Renja's Indikator and
on the Renstra's RenstraIndikator (its yearly RenstraTarget rows are untouched). The rows
are updated in bulk, so django-auditlog writes no entry and the history keeps its record of
the old polarity as it was.
"""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models

POLARITAS = [
    ("naik", "Naik (makin tinggi makin baik)"),
    ("turun", "Turun (makin rendah makin baik)"),
    ("stabil", "Stabil (tetap di dalam rentang target)"),
]
MODELS = ("Indikator", "RenstraIndikator")


def rentang_to_stabil(apps, schema_editor):
    for name in MODELS:
        apps.get_model("planning", name).objects.filter(polaritas="rentang").update(polaritas="stabil")


def stabil_to_rentang(apps, schema_editor):
    for name in MODELS:
        apps.get_model("planning", name).objects.filter(polaritas="stabil").update(polaritas="rentang")


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0004_year_range"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indikator",
            name="polaritas",
            field=models.CharField(choices=POLARITAS, default="naik", max_length=8, verbose_name="polaritas"),
        ),
        migrations.AlterField(
            model_name="indikator",
            name="target_atas",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Isi bila target berupa rentang: target adalah batas bawah. Wajib untuk polaritas stabil.",
                max_digits=18,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0"), "Nilai tidak boleh negatif.")
                ],
                verbose_name="batas atas target",
            ),
        ),
        migrations.AlterField(
            model_name="renstraindikator",
            name="polaritas",
            field=models.CharField(choices=POLARITAS, default="naik", max_length=8, verbose_name="polaritas"),
        ),
        migrations.RunPython(rentang_to_stabil, stabil_to_rentang),
    ]
