"""People not known by name: a flag, and the placeholder people already made by opening a family case
from an anonymous helpline contact marked with it.

Until now, a family case opened from a contact without the caller's (or the person of concern's) name
made a person named "Anonymous caller" or "Person of concern" (in the language of whoever opened it),
who then showed in People and in the finder like anyone else. A person whose only name is one of those
placeholders (no family name, aliases or date of birth) is marked anonymous. Names are encrypted, so each
person is read through the historical model (which keeps EncryptedTextField). The reverse drops the flag.
"""

from django.db import migrations, models

PLACEHOLDERS = {"anonymous caller", "person of concern", "persona anónima que llamó", "persona que preocupa"}


def mark_placeholder_people(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    placeholder = [
        person.pk for person in Person.objects.only("pk", "given_name", "family_name", "aliases", "date_of_birth")
        .iterator(chunk_size=500)
        if (person.given_name or "").strip().casefold() in PLACEHOLDERS
        and not (person.family_name or person.aliases or person.date_of_birth)
    ]
    for start in range(0, len(placeholder), 500):
        Person.objects.filter(pk__in=placeholder[start:start + 500]).update(anonymous=True)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.AddField(model_name="person", name="anonymous",
                            field=models.BooleanField(default=False, verbose_name="anonymous")),
        migrations.RunPython(mark_placeholder_people, migrations.RunPython.noop),
    ]
