"""Settings for the whole suite."""

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("srm_xl", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("srm_xl")
"""Property tests check outcomes, not speed: no per-example deadline on a shared 2-core machine."""


@pytest.fixture(autouse=True, scope="session")
def _user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The per-user data folder (where signing keys are also kept) and the read cache are temporary ones, never
    the tester's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("user-data")))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield
