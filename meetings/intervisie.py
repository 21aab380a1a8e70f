"""The intervisie methods the session runner walks a group through: per step what happens,
the questions that help, who leads it and how long it takes. In our own words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    title: str
    what: str
    questions: tuple[str, ...]
    minutes: int


# Per method (IntervisieSession.Method): a line on what it is, and its steps.
METHODS: dict[str, tuple[str, tuple[Step, ...]]] = {
    "incident": (
        _("One colleague brings a recent, concrete moment; the group asks, then advises."),
        (
            Step(
                _("The incident"),
                _("The case bringer tells about one recent moment, briefly and concretely."),
                (_("What happened, exactly?"), _("What did you do, and what did you want?")),
                5,
            ),
            Step(
                _("Asking questions"),
                _("The others ask only open questions to understand; no advice yet."),
                (_("What did you think at that moment?"), _("What did the children do?")),
                10,
            ),
            Step(
                _("The question"),
                _("The case bringer says what they want to learn from the group."),
                (_("What do you want to be able to do differently next time?"),),
                5,
            ),
            Step(
                _("Advice"),
                _("Each colleague says what they would do, starting with 'I would...'."),
                (_("What would you try, and why?"),),
                10,
            ),
            Step(
                _("Looking back"),
                _("The case bringer says what they take along; the group says what it learned."),
                (_("What do you take from this?"), _("How did we work together?")),
                5,
            ),
        ),
    ),
    "ten_steps": (
        _("A slow, thorough conversation about one case, in ten short steps."),
        tuple(
            Step(title, what, (), minutes)
            for title, what, minutes in (
                (_("Choosing the case"), _("Who brings a case, and which one?"), 3),
                (_("Telling the case"), _("The case bringer tells; the others listen."), 5),
                (_("The question"), _("The case bringer says what the question is."), 3),
                (_("Questions to understand"), _("Open questions, one at a time."), 8),
                (_("Looking at the question again"), _("Is it still the right question?"), 3),
                (_("Everyone's take"), _("Each says what they see in the case."), 8),
                (_("Reaction of the case bringer"), _("What struck you in what you heard?"), 3),
                (_("Advice"), _("Each gives one piece of advice."), 8),
                (_("Choosing"), _("The case bringer says what they will try."), 3),
                (_("Looking back"), _("How did the session go, what did we learn?"), 4),
            )
        ),
    ),
    "roddel": (
        _("The group talks about the case as if the case bringer were not there; they listen."),
        (
            Step(
                _("The case"),
                _("The case bringer tells the case and the question."),
                (_("What is your question to the group?"),),
                5,
            ),
            Step(
                _("Questions"),
                _("The others ask questions to understand the case."),
                (_("What else do we need to know?"),),
                8,
            ),
            Step(
                _("Gossip"),
                _("The case bringer turns away and listens; the group talks freely about it."),
                (_("What do we think is going on?"), _("What could help?")),
                12,
            ),
            Step(
                _("Reaction"),
                _("The case bringer turns back and says what they heard and will use."),
                (_("What struck you?"), _("What will you do with it?")),
                5,
            ),
        ),
    ),
}


def steps_of(method: str) -> tuple[Step, ...]:
    return METHODS[method][1]


def description_of(method: str) -> str:
    return str(METHODS[method][0])
