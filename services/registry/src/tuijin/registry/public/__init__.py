"""The public disclosure view (阳光行动): leader, service team and time nodes of every project, no login."""
