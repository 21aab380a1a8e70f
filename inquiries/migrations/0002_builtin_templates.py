from django.db import migrations


def create_builtin_templates(apps, schema_editor):
    from inquiries.cycle_templates import load_builtin_templates

    load_builtin_templates(apps.get_model("inquiries", "CycleTemplate"), apps.get_model("inquiries", "Phase"))


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0001_initial")]

    operations = [migrations.RunPython(create_builtin_templates, migrations.RunPython.noop)]
