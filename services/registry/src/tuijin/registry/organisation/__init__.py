"""The organisation of a region: regions, units, people, posts (职务) with their holders, and systems (体系)."""
