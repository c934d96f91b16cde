from ascc_analysis.config import DATA_DIR, DataPaths


def test_default_data_dir_is_shipped_data():
    paths = DataPaths.of(None)
    assert paths.data_dir == DATA_DIR
    assert paths.tool1_dir == DATA_DIR / "raw" / "tool1"
    assert paths.published_figures.exists()


def test_folder_of_workbooks_only_falls_back_to_shipped_taxonomy(tmp_path):
    (tmp_path / "SOMHD.xlsx").write_bytes(b"")
    paths = DataPaths.of(tmp_path)
    assert paths.tool1_dir == tmp_path
    assert paths.taxonomy_dir == DATA_DIR / "taxonomy"
    assert paths.reference_dir == DATA_DIR / "reference"


def test_data_dir_laid_out_like_data_uses_its_own_files(tmp_path):
    (tmp_path / "raw" / "tool1").mkdir(parents=True)
    (tmp_path / "taxonomy").mkdir()
    paths = DataPaths.of(tmp_path)
    assert paths.tool1_dir == tmp_path / "raw" / "tool1"
    assert paths.taxonomy_dir == tmp_path / "taxonomy"
