"""The web app keeps its documents and index in the data folder unless told otherwise: uploads never land
in the repository's corpus/."""

from __future__ import annotations

from pathlib import Path

from assistant.serve.web.server import served_settings
from assistant.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "corpus"


def test_the_app_serves_a_copy_of_the_corpus_in_the_data_folder(tmp_path):
    settings = Settings(corpus_dir=SEEDS, index_dir=tmp_path / "repo-index", data_dir=tmp_path / "data")
    served = served_settings(settings, corpus_given=False, index_given=False)
    assert served.corpus_dir == tmp_path / "data" / "corpus" and served.index_dir == tmp_path / "data" / "index"
    assert sorted(p.name for p in served.corpus_dir.iterdir()) == sorted(p.name for p in SEEDS.iterdir())
    assert oct((tmp_path / "data").stat().st_mode)[-3:] == "700"
    assert served.legacy_users_file == tmp_path / "repo-index" / "users.toml"
    (served.corpus_dir / "包头市绿化方案.md").write_text("包头市绿化方案\n", encoding="utf-8")
    again = served_settings(settings, corpus_given=False, index_given=True)  # a later start keeps the uploads
    assert (again.corpus_dir / "包头市绿化方案.md").exists() and again.index_dir == tmp_path / "repo-index"
    assert served_settings(settings, corpus_given=True, index_given=False) is settings
