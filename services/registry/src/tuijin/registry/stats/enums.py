"""Statistics have no enum of their own: their breakdowns use the registry's ``Stage`` and the lights'
``LightKind`` and ``LightColour``."""
