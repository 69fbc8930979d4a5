"""The old answer tables go: their rows became instrument responses in 0014."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("helpline", "0014_move_reviews_and_survey_to_instruments"),
    ]

    operations = [
        migrations.DeleteModel(name="ReviewAnswer"),
        migrations.DeleteModel(name="SurveyResponse"),
    ]
