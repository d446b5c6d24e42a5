"""Form E.81 asks for two follow-ups: in the next quarter and in the next Renja."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_year_range'),
    ]

    operations = [
        migrations.AddField(
            model_name='realisasisubkegiatan',
            name='tindak_lanjut_renja',
            field=models.TextField(blank=True, verbose_name='tindak lanjut dalam Renja berikutnya'),
        ),
        migrations.AlterField(
            model_name='realisasisubkegiatan',
            name='tindak_lanjut',
            field=models.TextField(blank=True, verbose_name='tindak lanjut dalam triwulan berikutnya'),
        ),
    ]
