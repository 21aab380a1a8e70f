import factory
from factory.django import DjangoModelFactory

from teams.models import Membership, School, SharedGoal, Team, TeamNorm, User
from teams.services import create_school

PASSWORD = "test-wachtwoord-123"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Basisschool Test {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, so every test school has its core values and whole team.
        return create_school(**kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"collega{n}@school.test")
    name = factory.Faker("name", locale="nl_NL")
    school = factory.SubFactory(SchoolFactory)
    working_days = 0b11111
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Bouw {n}")
    kind = Team.Kind.AGE_BAND
    first_group = 3
    last_group = 5


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory, school=factory.SelfAttribute("..team.school"))
    role = Membership.Role.MEMBER


class SharedGoalFactory(DjangoModelFactory):
    class Meta:
        model = SharedGoal

    school = factory.SubFactory(SchoolFactory)
    team = None
    title = factory.Sequence(lambda n: f"Doel {n}")
    description = "Kinderen lezen met meer plezier."


class TeamNormFactory(DjangoModelFactory):
    class Meta:
        model = TeamNorm

    team = factory.SubFactory(TeamFactory)
    text = factory.Sequence(lambda n: f"Afspraak {n}")
    position = factory.Sequence(lambda n: n)


def start_test_initiative(*, starter, team, template_key="spiral", title="Leesplezier", **kwargs):
    """An initiative started through the service, as a teacher would."""
    from inquiries.models import CycleTemplate
    from inquiries.services import start_initiative

    fields = {
        "question": "Hoe kunnen wij kinderen zelf laten kiezen wat ze lezen?",
        "why": "Kinderen die kiezen, lezen meer.",
        "children": "groep 4, 26 leerlingen",
        **kwargs,
    }
    return start_initiative(
        school=starter.school,
        started_by=starter,
        title=title,
        template=CycleTemplate.objects.get(builtin_key=template_key),
        teams=[team],
        **fields,
    )
