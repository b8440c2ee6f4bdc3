"""Hypothesis profile for the property tests: bounded example counts so the folder runs in well under a
minute on two shared cores; no deadline (the machine is shared, timings vary)."""

from hypothesis import HealthCheck, settings

settings.register_profile("lantoa", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lantoa")
