"""What inquiries tell the layers above them (notifications), without importing them.

Each is sent inside the transaction that made the change, so it is undone with it.
"""

from django.dispatch import Signal

# A colleague was invited to join: sender=Invitation, invitation=the Invitation.
colleague_invited = Signal()
# Someone joined an initiative they were invited to: sender=Initiative, initiative, user,
# invited_by (the colleague who invited them).
invitation_accepted = Signal()
# A comment on an initiative: sender=Comment, comment=the Comment.
comment_added = Signal()
# Its author removed a comment: sender=Comment, comment_id=its former id.
comment_removed = Signal()
# A reviewer's feedback on a phase: sender=PhaseFeedback, feedback=the PhaseFeedback.
phase_feedback_given = Signal()
# The leader answered a support request: sender=SupportRequest, request=the SupportRequest.
support_answered = Signal()
# An initiative moved to another phase: sender=PhaseMove, move=the PhaseMove.
phase_moved = Signal()
# A colleague of the board asked about a shared card: sender=BoardQuestion, question.
board_question_asked = Signal()
