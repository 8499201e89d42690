"""What the working month refuses, in words for the person who tried."""


class WorkflowError(Exception):
    """What cannot be done, in words for the person who tried."""
