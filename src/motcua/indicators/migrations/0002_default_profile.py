from django.db import migrations


def seed(apps, schema_editor):
    from motcua.indicators.profiles import DEFAULT_PROFILES

    RuleProfile = apps.get_model("indicators", "RuleProfile")
    for p in DEFAULT_PROFILES:
        RuleProfile.objects.update_or_create(code=p["code"], defaults={**p})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
