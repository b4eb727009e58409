import pytest

from statement_lens.config import Settings, load_settings
from statement_lens.errors import ConfigError


def test_defaults_apply_without_file_or_env(tmp_path):
    s = load_settings(env={"STATEMENT_LENS_CONFIG": str(tmp_path / "absent.toml")})
    assert s.summarizer == Settings().summarizer
    assert s.review_threshold == Settings().review_threshold


def test_toml_file_overrides_defaults_and_env_overrides_file(tmp_path):
    cfg = tmp_path / "sl.toml"
    cfg.write_text(
        '[models]\nstance = "stance.nli.v1"\nstance_checkpoint = "/models/nli"\nreview_threshold = 0.7\n'
    )
    s = load_settings(cfg, env={})
    assert (s.stance, s.stance_checkpoint, s.review_threshold) == ("stance.nli.v1", "/models/nli", 0.7)
    s2 = load_settings(
        cfg, env={"STATEMENT_LENS_STANCE": "stance.fake", "STATEMENT_LENS_REVIEW_THRESHOLD": "0.5"}
    )
    assert (s2.stance, s2.review_threshold) == ("stance.fake", 0.5)


def test_invalid_toml_names_the_file(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[models\nstance=")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_settings(cfg, env={})


def test_unknown_setting_lists_valid_ones():
    with pytest.raises(ConfigError, match="Valid settings"):
        Settings().with_overrides(stanse="x")


def test_config_hash_changes_with_models_but_not_with_data_dir():
    a = Settings(data_dir="/a")
    assert a.config_hash() == Settings(data_dir="/b").config_hash()
    assert a.config_hash() != Settings(stance="stance.fake").config_hash()


def test_non_numeric_threshold_from_env_is_a_config_error():
    with pytest.raises(ConfigError, match="number"):
        load_settings(env={"STATEMENT_LENS_REVIEW_THRESHOLD": "high"})


def test_editing_a_taxonomy_file_changes_the_config_hash(tmp_path):
    tax = tmp_path / "mine.toml"
    tax.write_text('[[topics]]\nname = "A"\ndescription = "a"\n')
    s = Settings(taxonomy=str(tax))
    before = s.config_hash()
    tax.write_text('[[topics]]\nname = "B"\ndescription = "b"\n')
    assert s.config_hash() != before


def test_the_engine_revision_is_part_of_the_configuration_hash(monkeypatch):
    from statement_lens import config

    before = Settings(data_dir="/a").config_hash()
    monkeypatch.setattr(config, "ENGINE_REVISION", config.ENGINE_REVISION + 1)
    assert Settings(data_dir="/a").config_hash() != before


@pytest.mark.parametrize(("raw", "expected"), [("auto", 0), ("AUTO", 0), ("5", 5), ("0", 0)])
def test_summary_length_reads_auto_or_a_number_from_the_environment(raw, expected):
    assert load_settings(env={"STATEMENT_LENS_SUMMARY_SENTENCES": raw}).summary_sentences == expected


@pytest.mark.parametrize("raw", ["-2", "many"])
def test_a_negative_or_non_numeric_summary_length_is_a_config_error(raw):
    with pytest.raises(ConfigError, match="summary_sentences"):
        load_settings(env={"STATEMENT_LENS_SUMMARY_SENTENCES": raw})
