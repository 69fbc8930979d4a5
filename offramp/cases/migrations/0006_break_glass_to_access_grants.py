"""Break-the-glass grants become general access grants (core.AccessGrant), reasons re-encrypted."""

from django.db import migrations


def to_access_grants(apps, schema_editor):
    old = apps.get_model("cases", "BreakGlassGrant")
    new = apps.get_model("core", "AccessGrant")
    for grant in old.objects.all().iterator():
        new(
            organization_id=grant.organization_id, kind="break_glass", scope="read", object_type="case",
            object_id=grant.case_id, user_id=grant.user_id, grantee_organization_id=grant.organization_id,
            reason=grant.reason or "", granted_by_id=grant.user_id, granted_at=grant.granted_at,
            expires_at=grant.expires_at,
        ).save()


def to_break_glass(apps, schema_editor):
    old = apps.get_model("cases", "BreakGlassGrant")
    new = apps.get_model("core", "AccessGrant")
    for grant in new.objects.filter(kind="break_glass", object_type="case").iterator():
        old(organization_id=grant.organization_id, case_id=grant.object_id, user_id=grant.user_id,
            reason=grant.reason or "", granted_at=grant.granted_at, expires_at=grant.expires_at).save()


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_family_protocol_stages"),
        ("core", "0008_accessgrant"),
    ]

    operations = [
        migrations.RunPython(to_access_grants, to_break_glass),
        migrations.DeleteModel(name="BreakGlassGrant"),
    ]
