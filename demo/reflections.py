"""Demo reflections, feedback and lesson visits for the demo school (added once, by title)."""

import datetime

from django.utils import timezone

from reflections.models import FeedbackRequest, LessonVisit, Reflection, days_both_work
from reflections.services import answer_feedback, ask_feedback
from teams.models import School

REFLECTIONS = [
    {
        "author": "leerkracht@demo.test",
        "title": "Kiestijd in de klassenbieb",
        "hard_or_exciting": "Spannend om de kinderen echt zelf te laten kiezen: wat als ze "
        "alleen strips pakken?",
        "tried_new": "Een kwartier kiestijd op vrijdag, met een kort gesprekje per duo.",
        "proud_of": "Twee kinderen die nooit lezen, vroegen om het vervolg.",
        "learn_next": "Hoe ik kinderen help die niets kiezen.",
        "visibility": "team",
        "team": "Middenbouw",
        "ask": ["fleur.peters@demo.test", "eva.vandam@demo.test"],
        "answer": "fleur.peters@demo.test",
    },
    {
        "author": "leerkracht@demo.test",
        "title": "Een lastige rekenles",
        "hard_or_exciting": "Ik merkte dat ik te veel voorzei en de kinderen weinig zelf "
        "lieten denken.",
        "learn_next": "Meer wachten na een vraag.",
        "visibility": "private",
    },
    {
        "author": "bovenbouw@demo.test",
        "title": "Feedback van kinderen aan kinderen",
        "tried_new": "Twee tips en een top, eerst voorgedaan in de kring.",
        "proud_of": "Groep 8 gaf elkaar feedback zonder dat ik hoefde in te grijpen.",
        "body": "Wat werkte:\n\n- **voordoen** in de kring\n- kaartjes met zinsstarters\n\n"
        "Zie ook [de leerkaart](https://example.org/leerkaart).",
        "visibility": "school",
        "ask": ["daan.bos@demo.test"],
        "answer": "daan.bos@demo.test",
    },
    {
        "author": "onderbouw@demo.test",
        "title": "Praten in de bouwhoek",
        "hard_or_exciting": "Niet meteen het gesprek overnemen.",
        "proud_of": "Een stille kleuter vertelde voor het eerst over haar toren.",
        "visibility": "team",
        "team": "Onderbouw",
        "ask": ["lotte.smit@demo.test"],
    },
]

# host, observer, focus, lesson, state
VISITS = [
    (
        "leerkracht@demo.test",
        "middenbouw@demo.test",
        "Hoe helpen de kinderen elkaar tijdens het duo-lezen?",
        "groep 4, lezen, 10.30 uur",
        "invited",
    ),
    (
        "eva.vandam@demo.test",
        "leerkracht@demo.test",
        "Welke kinderen kiezen zelf een boek, en hoe?",
        "groep 3, vrij lezen, 8.45 uur",
        "accepted",
    ),
    (
        "bovenbouw@demo.test",
        "daan.bos@demo.test",
        "Wat doen kinderen met de feedback die ze krijgen?",
        "groep 8, schrijven, 13.00 uur",
        "reflected",
    ),
    (
        "lotte.smit@demo.test",
        "naima.elidrissi@demo.test",
        "Welke woorden gebruiken kleuters in de bouwhoek?",
        "groep 1-2, spelen, 9.30 uur",
        "declined",
    ),
    (
        "ruben.vos@demo.test",
        "linda.koster@demo.test",
        "Hoe plannen kinderen hun weektaak?",
        "groep 7, weektaak, 11.00 uur",
        "cancelled",
    ),
    (
        "sara.dejong@demo.test",
        "daan.bos@demo.test",
        "Hoe lang lezen kinderen echt tijdens stillezen?",
        "groep 6, stillezen, 13.15 uur",
        "held",
    ),
]


def seed_reflections(school: School) -> None:
    people = {user.email: user for user in school.staff.all()}
    teams = {team.name: team for team in school.teams.all()}
    existing = set(Reflection.objects.filter(school=school).values_list("title", flat=True))
    for spec in REFLECTIONS:
        if spec["title"] in existing:
            continue
        fields = {
            k: v
            for k, v in spec.items()
            if k in {"title", "hard_or_exciting", "tried_new", "proud_of", "learn_next", "body"}
        }
        reflection = Reflection.objects.create(
            school=school,
            author=people[spec["author"]],
            visibility=spec["visibility"],
            team=teams.get(spec.get("team", "")),
            **fields,
        )
        if spec.get("ask"):
            ask_feedback(reflection=reflection, colleagues=[people[e] for e in spec["ask"]])
        if spec.get("answer"):
            answer_feedback(
                request=FeedbackRequest.objects.get(
                    reflection=reflection, asked=people[spec["answer"]]
                ),
                noticed="Je gaf de kinderen echt ruimte; dat zag je aan hoe ze reageerden.",
                wonder="Wat doe je met de kinderen die niet meedoen?",
                suggestion="Probeer het eens een week lang elke dag.",
            )
    if LessonVisit.objects.filter(host__school=school).exists():
        return
    for host_email, observer_email, focus, lesson, state in VISITS:
        host, observer = people[host_email], people[observer_email]
        days = days_both_work(host, observer) or [timezone.localdate() + datetime.timedelta(days=7)]
        past = state in {"held", "reflected"}
        visit = LessonVisit(
            host=host,
            observer=observer,
            focus_question=focus,
            lesson=lesson,
            planned_on=timezone.localdate() - datetime.timedelta(days=6) if past else days[0],
            state=state,
        )
        if state in {"accepted", "held", "reflected"}:
            visit.observer_notes = "Vier kinderen wachtten tot een ander begon; twee legden uit."
        if state == "reflected":
            visit.host_reflection = "Ik zag dat de zinsstarters echt helpen."
            visit.observer_reflection = "Ik ga dit in mijn eigen groep proberen."
            visit.shared = True
        if state == "cancelled":
            visit.cancel_note = "De toets is naar die ochtend verschoven."
            visit.cancelled_by = host
        visit.save()
