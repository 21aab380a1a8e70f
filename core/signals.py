"""Events of apps that share a layer (culture, notifications), told through the layer below
so that neither imports the other."""

from django.dispatch import Signal

# A culture pulse or self-scan round opened for a whole school: sender=the Round model,
# round=the Round.
round_opened = Signal()
