"""The public view has no enum of its own: a service team member's role is the registry's ``TeamRole``."""
