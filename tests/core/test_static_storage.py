"""Production static files: hashed URLs from the manifest, each looked up once per process."""

import json

import pytest

from marketplace.core.static_storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    manifest = {"paths": {"core/logo.svg": "core/logo.0a1b2c.svg"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_file_gets_its_hashed_url_every_time(storage):
    assert storage.url("core/logo.svg") == "/static/core/logo.0a1b2c.svg"
    storage.hashed_files.clear()  # the manifest is read once: the URL was kept
    assert storage.url("core/logo.svg") == "/static/core/logo.0a1b2c.svg"


def test_a_file_missing_from_the_manifest_fails_loudly_each_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("core/missing.css")
