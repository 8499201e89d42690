"""What an import tells the rooms above it, which connect to these signals when they start: imports
never imports them.

    figures_committed   sent (with `revision_id`) once a revision of figures is committed
"""

from django.dispatch import Signal

figures_committed = Signal()
