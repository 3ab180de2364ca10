"""Settings for the whole suite."""

from hypothesis import HealthCheck, settings

settings.register_profile("srm_xl", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("srm_xl")
"""Property tests check outcomes, not speed: no per-example deadline on a shared 2-core machine."""
