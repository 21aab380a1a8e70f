from django.db import migrations


def create_builtin_templates(apps, schema_editor):
    # The specs live in code so their texts are translatable; this loads them once.
    from inquiries.cycle_templates import BUILTIN_TEMPLATES

    CycleTemplate = apps.get_model("inquiries", "CycleTemplate")
    Phase = apps.get_model("inquiries", "Phase")
    for spec in BUILTIN_TEMPLATES:
        template, _ = CycleTemplate.objects.update_or_create(
            school=None,
            builtin_key=spec.key,
            defaults={
                "name": spec.name,
                "description": spec.description,
                "allows_step_back": spec.allows_step_back,
            },
        )
        phases = {}
        for position, phase in enumerate(spec.phases, start=1):
            phases[phase.key], _ = Phase.objects.update_or_create(
                template=template,
                key=phase.key,
                defaults={
                    "position": position,
                    "name": phase.name,
                    "guiding_questions": phase.guiding_questions,
                    "produces": phase.produces,
                },
            )
        for phase in spec.phases:
            if phase.loops_back_to:
                Phase.objects.filter(pk=phases[phase.key].pk).update(
                    loops_back_to=phases[phase.loops_back_to]
                )


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0001_initial")]

    operations = [migrations.RunPython(create_builtin_templates, migrations.RunPython.noop)]
