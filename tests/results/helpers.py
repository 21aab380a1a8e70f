from results.imports import GroupAggregate


def group_result(name: str, grade: int, good: int, weak: int) -> GroupAggregate:
    """A group with `good` pupils at level II and `weak` at level IV."""
    return GroupAggregate(
        name, grade, good + weak, {"II": good, "IV": weak} if weak else {"II": good}
    )
