"""The service runs without torch, stanza or spacy."""

from __future__ import annotations

import subprocess
import sys

from translator.settings import PROJECT_ROOT

HEAVY = ("torch", "stanza", "spacy")


def test_importing_the_service_and_translating_imports_no_torch(packages_dir) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from pathlib import Path\nfrom translator.settings import EngineSettings, Settings\n"
        "from app import create_app\n"
        f"app = create_app(Settings(engine=EngineSettings(packages_dir=Path({str(packages_dir)!r})), instance_dir=Path({str(packages_dir.parent / 'instance')!r})))\n"
        "engine = app.extensions['targum'].engine\n"
        "from tests.support.routes import translate\n"
        "print(translate(engine, ['Hello'], 'he', 'ru'), file=sys.stderr)\n"
        "import argostranslate.translate  # the fidelity path too\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_requirements_pin_the_slim_argos_distribution() -> None:
    lines = (PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert all("==" in pin for pin in pins)
    names = {pin.split("==")[0] for pin in pins}
    assert "argos-translate-lt" in names and "argostranslate" not in names
    assert not names & set(HEAVY)
