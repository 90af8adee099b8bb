from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("needs_analysis", "0004_submission_tokens"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(fields=["-recorded_on", "-id"], name="na_finding_list_order"),
        ),
    ]
