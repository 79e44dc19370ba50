"""The layers are enforced: the contracts hold, and a deliberate violation fails the check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marketplace.core.hooks import Hook, HookNotRegistered

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("marketplace", "payments", "artisans", "demo")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def scratch_repo(tmp_path):
    """A copy of the project's packages and contracts, to break on purpose."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "migrations")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold_on_the_project():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_importing_an_app_breaks_the_layers(scratch_repo):
    (scratch_repo / "marketplace/core/shortcut.py").write_text(
        "from marketplace.orders.models import Order\n"
    )
    result = _lint_imports(scratch_repo)
    assert result.returncode == 1
    assert "marketplace.core is not allowed to import marketplace.orders" in result.stdout


def test_orders_reaching_payments_inside_a_function_is_caught(scratch_repo):
    # The old `_payments_service()` did exactly this, hidden in a function body.
    (scratch_repo / "marketplace/orders/services/sneaky.py").write_text(
        "def refund(pk):\n    from payments.services import refund_create\n\n"
        "    return refund_create(shop_order_id=pk)\n"
    )
    result = _lint_imports(scratch_repo)
    assert result.returncode == 1
    assert "marketplace.orders is not allowed to import payments" in result.stdout


def test_production_code_importing_the_demo_is_caught(scratch_repo):
    (scratch_repo / "payments/fixtures.py").write_text("from demo import data\n")
    result = _lint_imports(scratch_repo)
    assert result.returncode == 1
    assert "Production code never imports the demo app BROKEN" in result.stdout
    assert "payments is not allowed to import demo" in result.stdout


def test_a_selector_importing_its_services_is_caught(scratch_repo):
    (scratch_repo / "marketplace/reviews/selectors.py").open("a").write(
        "\n\ndef late():\n    from .services import review_create\n\n    return review_create\n"
    )
    result = _lint_imports(scratch_repo)
    assert result.returncode == 1
    assert "marketplace.reviews.selectors is not allowed to import" in result.stdout


def _cycles(base: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench/import_cycles.py"), "--base", str(base), "--apps"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_project_has_no_import_cycle():
    result = _cycles(ROOT)
    assert result.returncode == 0, result.stdout
    assert "import cycles: 0" in result.stdout
    assert "app cycles: 0" in result.stdout


def test_a_cycle_hidden_in_a_function_body_is_counted(scratch_repo):
    (scratch_repo / "marketplace/core/ping.py").write_text(
        "def ping():\n    from .pong import pong\n\n    return pong()\n"
    )
    (scratch_repo / "marketplace/core/pong.py").write_text(
        "from . import ping\n\n\ndef pong():\n    return ping\n"
    )
    result = _cycles(scratch_repo)
    assert result.returncode == 1
    assert "import cycles: 1" in result.stdout
    assert "marketplace.core.ping ↔ marketplace.core.pong" in result.stdout


def test_an_unregistered_hook_fails_loudly():
    hook = Hook("tests.nobody")
    with pytest.raises(HookNotRegistered, match=r"tests\.nobody"):
        hook(order_id=1)
    hook.register(lambda **kw: kw["order_id"] * 2)
    assert hook(order_id=21) == 42


def test_orders_payment_hooks_are_provided_by_payments():
    from marketplace.orders import hooks
    from payments import selectors, services

    assert hooks.refund_create._function is services.refund_create
    assert hooks.ledger_record_delivery._function is services.ledger_record_delivery
    assert hooks.payment_cancel._function is services.payment_cancel
    assert hooks.payment_start_for_checkout._function is services.payment_start_for_checkout
    assert hooks.payment_in_flight._function is selectors.payment_in_flight
