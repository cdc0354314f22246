"""What assessments announce to the apps above them, which it may not import.

``snapshot_submitted`` is sent by ``assessment_submit`` inside its
transaction, once, with the new snapshot (``snapshot=``): a receiver's writes
commit or roll back with the submission (plans marks items met by it)."""

from django.dispatch import Signal

snapshot_submitted = Signal()
