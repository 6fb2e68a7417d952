"""Settings come from the environment once, with clear errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.errors import ConfigurationError
from translator.settings import PROJECT_ROOT, Settings


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.engine.packages_dir == PROJECT_ROOT / "models"
    assert settings.port == 8000
    assert settings.languages == ("en", "he", "ru")
    assert settings.engine.eager_load is False
    assert settings.package_index.endswith("/")


def test_environment_overrides() -> None:
    settings = Settings.from_env({
        "ARGOS_PACKAGES_DIR": "/srv/argos", "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
        "ARGOS_BEAM_SIZE": "2", "ARGOS_INTER_THREADS": "4", "ARGOS_INTRA_THREADS": "0",
        "ARGOS_COMPUTE_TYPE": "float32", "TARGUM_EAGER_LOAD": "yes", "PORT": "9000",
        "TARGUM_WEB_WORKERS": "3", "TARGUM_LANGUAGES": "EN, he",
    })
    assert settings.engine.packages_dir == Path("/srv/argos")
    assert settings.package_index == "http://127.0.0.1:9/"
    assert (settings.engine.beam_size, settings.engine.inter_threads, settings.engine.intra_threads) == (2, 4, 0)
    assert settings.engine.compute_type == "float32" and settings.engine.eager_load is True
    assert (settings.port, settings.web_workers, settings.languages) == (9000, 3, ("en", "he"))


@pytest.mark.parametrize("name,value,message", [
    ("PORT", "http", "PORT must be an integer"),
    ("ARGOS_BEAM_SIZE", "9", "ARGOS_BEAM_SIZE must be between 1 and 8"),
    ("TARGUM_EAGER_LOAD", "maybe", "TARGUM_EAGER_LOAD must be true or false"),
    ("TARGUM_MAX_DECODE_RATIO", "x", "TARGUM_MAX_DECODE_RATIO must be a number"),
])
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({name: value})


def test_settings_are_frozen() -> None:
    settings = Settings.from_env({})
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]
    assert settings.with_engine(beam_size=1).engine.beam_size == 1


def test_the_request_read_timeout_comes_from_the_environment() -> None:
    assert Settings.from_env({}).request_read_timeout_s == 30.0
    assert Settings.from_env({"TARGUM_REQUEST_READ_TIMEOUT": "2.5"}).request_read_timeout_s == 2.5
    with pytest.raises(ConfigurationError, match="TARGUM_REQUEST_READ_TIMEOUT must be between 0.1 and 3600"):
        Settings.from_env({"TARGUM_REQUEST_READ_TIMEOUT": "0"})


def test_the_metrics_token_and_directory_come_from_the_environment() -> None:
    assert (Settings.from_env({}).metrics_token, Settings.from_env({}).prometheus_multiproc_dir) == (None, None)
    settings = Settings.from_env({"TARGUM_METRICS_TOKEN": " s3cret ", "PROMETHEUS_MULTIPROC_DIR": "/run/targum"})
    assert settings.metrics_token == "s3cret" and str(settings.prometheus_multiproc_dir) == "/run/targum"


def test_review_settings_from_the_environment() -> None:
    review = Settings.from_env({"TARGUM_REVIEW_CHECKS": "truncated, number_mismatch", "TARGUM_REVIEW_MIN_SCORE": "-2",
                                "TARGUM_REVIEW_MIN_SCORES": "en-ru:-1.2,he-en:-1.8",
                                "TARGUM_REVIEW_LENGTH_BANDS": "en-he:0.6-1.3", "TARGUM_REVIEW_LENGTH_SPREAD": "3"}).review
    assert review.checks == {"truncated", "number_mismatch"}
    assert (review.min_score_for("en-ru"), review.min_score_for("he-en"), review.min_score_for("en-he")) == (-1.2, -1.8,
                                                                                                           -2.0)
    assert review.band_for("en-he") == (0.6, 1.3) and review.band_for("en-ru") is None and review.length_spread == 3
    assert Settings.from_env({"TARGUM_REVIEW_CHECKS": "none"}).review.checks == frozenset()
    assert len(Settings.from_env({}).review.checks) == 10


@pytest.mark.parametrize("name, value, message", [
    ("TARGUM_REVIEW_CHECKS", "numbers", "unknown check(s) numbers"),
    ("TARGUM_REVIEW_MIN_SCORES", "en-ru=-1", "is not pair:value"),
    ("TARGUM_REVIEW_MIN_SCORES", "en-ru:low", "'low' is not a number"),
    ("TARGUM_REVIEW_LENGTH_BANDS", "en-he:1.3-0.6", "needs 0 < low < high"),
    ("TARGUM_REVIEW_MIN_SCORE", "2", "between -100.0 and 0.0"),
])
def test_bad_review_settings_fail_loudly(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Settings.from_env({name: value})
    assert name in caught.value.detail and message in caught.value.detail
