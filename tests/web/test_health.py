"""Health and readiness probes, and the JSON shape of routing errors."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import fixture_engine_settings, make_app, make_settings
from translator.settings import Settings


def test_healthz_lists_pairs(client: FlaskClient) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["pairs"] == ["en-he", "en-ru", "he-en", "ru-en"]
    assert "hint" not in body


def test_healthz_without_packages_says_how_to_install(tmp_path: Path) -> None:
    client = make_app(make_settings(tmp_path / "none", tmp_path / "instance")).test_client()
    body = client.get("/healthz").get_json()
    assert body["pairs"] == [] and "models install en he ru" in body["hint"]
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert any("models install" in reason for reason in ready.get_json()["reasons"])


def test_readyz(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"ready": True, "reasons": []}


def test_readyz_names_the_missing_pair(packages_dir: Path) -> None:
    import shutil

    shutil.rmtree(packages_dir / "translate-en_ru-1_0")
    client = make_app(make_settings(packages_dir, packages_dir.parent / "instance")).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    reasons = response.get_json()["reasons"]
    assert "no installed package or pivot translates en to ru" in reasons
    assert "no installed package or pivot translates he to ru" in reasons


def test_readyz_with_eager_loading_waits_for_models(packages_dir: Path) -> None:
    app = make_app(Settings(engine=fixture_engine_settings(packages_dir, eager_load=True),
                              instance_dir=packages_dir.parent / "instance"))
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    app.extensions["targum"].engine.load_all()
    assert client.get("/readyz").status_code == 200


def test_routing_errors_are_problem_json(client: FlaskClient) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert missing.get_json()["code"] == "not_found"
    wrong = client.post("/healthz")
    assert wrong.status_code == 405 and wrong.get_json()["code"] == "method_not_allowed"
    assert "GET" in wrong.headers["Allow"]
