"""What reflections tell the layers above them (notifications), without importing them."""

from django.dispatch import Signal

# A colleague was asked for feedback: sender=FeedbackRequest, request=the FeedbackRequest.
feedback_asked = Signal()
# A colleague answered: sender=FeedbackRequest, request=the FeedbackRequest.
feedback_given = Signal()
# A reflection's audience shrank (e.g. it turned private): these requests' colleagues may no
# longer read it. sender=FeedbackRequest, request_ids=[...].
feedback_withdrawn = Signal()
