"""The built-in inquiry-cycle templates.

Texts are in English in the code and translated (Dutch first) through gettext, so every
school sees them in its own language. A school that wants different phases copies a
template; the copy belongs to the school and is edited in its own words.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop as _


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    guiding_questions: str
    produces: str
    loops_back_to: str | None = None


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    name: str
    description: str
    allows_step_back: bool
    phases: list[PhaseSpec] = field(default_factory=list)


BUILTIN_TEMPLATES = [
    TemplateSpec(
        key="spiral",
        name=_("Spiral of Inquiry"),
        description=_(
            "Six phases around one question: what is going on for our learners, and how do "
            "we know? Good for open questions about pupils' learning and wellbeing."
        ),
        allows_step_back=True,
        phases=[
            PhaseSpec(
                "scanning",
                _("Scanning"),
                _("What is going on for our learners? How do we know? Why does it matter?"),
                _("A picture of the pupils, from what they say and do."),
            ),
            PhaseSpec(
                "focusing",
                _("Focusing"),
                _("Where will we concentrate our energy for the biggest difference?"),
                _("One focus, described so that a colleague understands it."),
            ),
            PhaseSpec(
                "hunch",
                _("Developing a hunch"),
                _("How are we contributing to this situation? What do we take for granted?"),
                _("A hunch about our own practice that we can test."),
            ),
            PhaseSpec(
                "learning",
                _("New professional learning"),
                _("What do we need to learn, and how, to do something different?"),
                _("What we read, saw or practised, and with whom."),
            ),
            PhaseSpec(
                "action",
                _("Taking action"),
                _("What will we do differently in the classroom, and when?"),
                _("The new approach, tried in the group."),
            ),
            PhaseSpec(
                "checking",
                _("Checking"),
                _("Did we make enough of a difference for the pupils? How do we know?"),
                _("Evidence from the pupils and a decision about the next step."),
            ),
        ],
    ),
    TemplateSpec(
        key="datateam",
        name=_("Data team method"),
        description=_(
            "The Dutch data-team method: test hypotheses about a problem with data. A "
            "rejected hypothesis sends the team back to its hypotheses."
        ),
        allows_step_back=False,
        phases=[
            PhaseSpec(
                "problem",
                _("Problem definition"),
                _("What exactly is the problem, for which pupils, and how big is it?"),
                _("A problem statement with numbers."),
            ),
            PhaseSpec(
                "hypotheses",
                _("Hypotheses"),
                _("What could explain the problem? Which hypothesis do we test first?"),
                _("One or more hypotheses that data can confirm or reject."),
            ),
            PhaseSpec(
                "collection",
                _("Data collection"),
                _("Which data tell us whether the hypothesis holds? Who collects them?"),
                _("The collected data, aggregated, without pupils' names."),
            ),
            PhaseSpec(
                "quality",
                _("Data quality check"),
                _("Are the data reliable and valid enough to draw a conclusion?"),
                _("A judgement of the data's quality."),
            ),
            PhaseSpec(
                "analysis",
                _("Analysis"),
                _("What do the data show?"),
                _("Tables or charts and what stands out."),
            ),
            PhaseSpec(
                "interpretation",
                _("Interpretation and conclusion"),
                _("Is the hypothesis confirmed or rejected? What does that mean?"),
                _("A conclusion; a rejected hypothesis goes back to the hypotheses."),
                loops_back_to="hypotheses",
            ),
            PhaseSpec(
                "measures",
                _("Improvement measures"),
                _("What will we change, for whom, and from when?"),
                _("Concrete measures in the classroom."),
            ),
            PhaseSpec(
                "evaluation",
                _("Evaluation"),
                _("Did the measures work for the pupils?"),
                _("Results compared with the starting point."),
            ),
        ],
    ),
    TemplateSpec(
        key="pdca",
        name=_("PDCA with securing"),
        description=_(
            "Plan, do, check, act — and a fifth phase to make the gain stick in the school "
            "(borging)."
        ),
        allows_step_back=True,
        phases=[
            PhaseSpec(
                "plan",
                _("Plan"),
                _("What do we want to improve for the pupils, and how will we see it?"),
                _("A plan with a goal, an approach and a measure."),
            ),
            PhaseSpec(
                "do",
                _("Do"),
                _("What do we try, in which groups, for how long?"),
                _("The approach carried out, with notes."),
            ),
            PhaseSpec(
                "check",
                _("Check"),
                _("What changed for the pupils compared with the start?"),
                _("Measurements and observations."),
            ),
            PhaseSpec(
                "act",
                _("Act"),
                _("What do we keep, adjust or drop?"),
                _("A decision and the adjusted approach."),
            ),
            PhaseSpec(
                "secure",
                _("Securing the gain"),
                _("How do we make this part of how the school works (borging)?"),
                _("An agreement, a description in the school's own words, a moment to check."),
            ),
        ],
    ),
    TemplateSpec(
        key="lessonstudy",
        name=_("Lesson Study"),
        description=_(
            "Teachers design a research lesson together, one teaches, the others observe "
            "the pupils, and together they improve the lesson."
        ),
        allows_step_back=True,
        phases=[
            PhaseSpec(
                "study",
                _("Study"),
                _("What do we want pupils to learn? What do we know about how they learn it?"),
                _("A learning goal and what we read or know about it."),
            ),
            PhaseSpec(
                "plan_lesson",
                _("Plan the research lesson"),
                _("How will the lesson go, and what do we expect pupils to do and say?"),
                _("A lesson plan with expected pupil responses and case pupils to observe."),
            ),
            PhaseSpec(
                "teach",
                _("Teach and observe the pupils"),
                _("What do the pupils do and say? (Observe the pupils, not the teacher.)"),
                _("Observation notes about the case pupils."),
            ),
            PhaseSpec(
                "reflect",
                _("Reflect"),
                _("What did we see the pupils learn? Where did they get stuck?"),
                _("What we learned about the pupils' learning."),
            ),
            PhaseSpec(
                "revise",
                _("Revise"),
                _("How do we change the lesson, and who teaches it next?"),
                _("The revised lesson."),
            ),
        ],
    ),
    TemplateSpec(
        key="plcatwork",
        name=_("PLC at Work: four questions"),
        description=_(
            "A team cycle around four questions about what pupils should learn and what we "
            "do when they did or did not learn it."
        ),
        allows_step_back=True,
        phases=[
            PhaseSpec(
                "learn",
                _("What should pupils learn?"),
                _("Which essential goals do all pupils need to reach?"),
                _("The essential learning goals, in pupils' words."),
            ),
            PhaseSpec(
                "know",
                _("How do we know they learned it?"),
                _("Which common check do we use, and when?"),
                _("A common assessment and its results."),
            ),
            PhaseSpec(
                "not_learned",
                _("What do we do when they did not learn it?"),
                _("Which pupils need what extra time and support?"),
                _("A plan of extra support per group of pupils."),
            ),
            PhaseSpec(
                "already_can",
                _("What do we do when they already can?"),
                _("How do we stretch the pupils who already master it?"),
                _("Enrichment for the pupils who are ready."),
            ),
        ],
    ),
]


def load_builtin_templates(template_model, phase_model) -> None:
    """Create or update the built-in templates. Takes the model classes, so that the data
    migration can pass its historical models and seed_demo the real ones."""
    for spec in BUILTIN_TEMPLATES:
        template, _created = template_model.objects.update_or_create(
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
            phases[phase.key], _created = phase_model.objects.update_or_create(
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
            target = phases[phase.loops_back_to] if phase.loops_back_to else None
            phase_model.objects.filter(pk=phases[phase.key].pk).update(loops_back_to=target)
