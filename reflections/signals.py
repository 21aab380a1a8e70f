"""What reflections tell the layers above them (notifications), without importing them."""

from django.dispatch import Signal

# A colleague was asked for feedback: sender=FeedbackRequest, request=the FeedbackRequest.
feedback_asked = Signal()
# A colleague answered: sender=FeedbackRequest, request=the FeedbackRequest.
feedback_given = Signal()
# A reflection's audience shrank (e.g. it turned private): these requests' colleagues may no
# longer read it. sender=FeedbackRequest, request_ids=[...].
feedback_withdrawn = Signal()
# A reflection was deleted by its author: the bell lines about its feedback requests go.
# sender=Reflection, request_ids=[...].
reflection_deleted = Signal()
# A lesson visit was cancelled because one of the two left and their data was erased; the
# other person is told. sender=LessonVisit, visit=the LessonVisit, recipient=the other person.
visit_cancelled_for_leaver = Signal()
# A colleague is invited to observe a lesson: sender=LessonVisit, visit=the LessonVisit.
visit_invited = Signal()
# The observer accepted or declined: sender=LessonVisit, visit=the LessonVisit (its state
# says which).
visit_answered = Signal()
