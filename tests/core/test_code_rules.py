"""The layout rules no single file shows, held at zero (tests/core/code_rules.py measures them;
`python -m tests.core.code_rules` lists what breaks one)."""

from tests.core import code_rules


def test_no_module_imports_itself_in_a_circle():
    # An import inside a function counts: moving it there hides the circle, it does not end it.
    assert code_rules.import_circles() == []


def test_no_module_is_over_500_lines_outside_migrations():
    assert code_rules.long_modules() == []


def test_no_one_letter_aliases_for_names():
    assert code_rules.single_letter_aliases() == []


def test_every_class_is_written_as_a_class_statement():
    assert code_rules.classes_built_with_type() == []


def test_the_circle_finder_finds_a_circle_through_an_import_inside_a_function(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "services.py").write_text(
        "def later():\n    from app.tasks import run\n    return run\n"
    )
    (tmp_path / "app" / "tasks.py").write_text("from app import services\n")
    assert code_rules.import_circles(tmp_path) == [["app.services", "app.tasks"]]
