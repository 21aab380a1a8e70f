"""The one threshold for anonymous figures: a group of fewer people (answers, pupils) is
never shown on its own, so no figure points at a person."""

MIN_GROUP = 5
