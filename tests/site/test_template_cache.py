"""Compiled templates are kept between builds (.gongkai-cache/jinja/, generator/render/bytecode.py):
a build that takes them, finds them damaged or cannot write them gives the same files as one
that compiles every template, and an edited template is compiled again."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import jinja2
import pytest

from generator.cli import main as gongkai_main
from generator.load.keys import CACHE_DIR
from generator.render import bytecode
from sitebuild import AS_OF, build, copy_fixture

JINJA = Path(CACHE_DIR) / bytecode.JINJA_DIR


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def forget_pages(root: Path) -> None:
    """Drop every cache but the compiled templates, so that the next build renders every page."""
    for entry in (root / CACHE_DIR).iterdir():
        if entry.name != bytecode.JINJA_DIR:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def code_files(root: Path) -> list[Path]:
    return sorted((root / JINJA).glob("*/*" + bytecode.SUFFIX))


def compiled_in_process(root: Path, out: Path, monkeypatch) -> list[str]:
    """Build in this process (a small site renders without workers); return the templates compiled."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    code = gongkai_main(["build", "--root", str(root), "--as-of", AS_OF, "-o", str(out), "--no-search", "--jobs", "1"])
    monkeypatch.undo()
    assert code == 0
    return compiled


def test_a_build_from_compiled_templates_gives_the_same_files(tmp_path, monkeypatch):
    root = copy_fixture("basic", tmp_path / "site")
    cold = compiled_in_process(root, tmp_path / "cold", monkeypatch)
    assert {"base.html", "entry.html"} <= set(cold)
    kept = code_files(root)
    assert len(kept) == len(set(cold)) and len({p.parent for p in kept}) == 1  # one file a template, one key

    forget_pages(root)
    warm = compiled_in_process(root, tmp_path / "warm", monkeypatch)
    assert not {"base.html", "entry.html"} & set(warm)  # taken from the cache, not compiled
    assert files_of(tmp_path / "warm") == files_of(tmp_path / "cold")


def test_damaged_or_unwritable_cache_is_compiled_around(tmp_path, monkeypatch):
    root = copy_fixture("basic", tmp_path / "site")
    assert build(root, tmp_path / "cold", "--no-search").code == 0
    expected = files_of(tmp_path / "cold")

    kept = code_files(root)
    for i, path in enumerate(kept):  # truncated, altered (its last byte flipped), empty, someone else's
        data = path.read_bytes()
        path.write_bytes([data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 0xFF]), b"", b"\x80\x04junk"][i % 4])
    forget_pages(root)
    assert "base.html" in compiled_in_process(root, tmp_path / "damaged", monkeypatch)
    assert files_of(tmp_path / "damaged") == expected
    rewritten = code_files(root)  # written again, whole
    assert [p.name for p in rewritten] == [p.name for p in kept]
    assert all(bytecode.decode(data, data.split(b"\n")[1].decode()) for data in map(Path.read_bytes, rewritten))
    forget_pages(root)
    assert not {"base.html", "entry.html"} & set(compiled_in_process(root, tmp_path / "again", monkeypatch))

    shutil.rmtree(root / JINJA)
    (root / JINJA).write_text("not a folder")  # no folder can be made there (a read-only cache)
    forget_pages(root)
    run = build(root, tmp_path / "unwritable", "--no-search")
    assert run.code == 0, run.out + run.err
    assert files_of(tmp_path / "unwritable") == expected


def test_an_edited_theme_template_is_compiled_again(tmp_path):
    root = copy_fixture("basic", tmp_path / "site")
    override = root / "themes/default/templates/404.html"  # the site's own template wins
    override.parent.mkdir(parents=True)
    theme_404 = (Path(bytecode.__file__).parents[2] / "themes/default/templates/404.html").read_text(encoding="utf-8")
    override.write_text(theme_404.replace("{% block content %}", "{% block content %}<p>FIRST EDIT</p>"), encoding="utf-8")
    assert build(root, tmp_path / "first", "--no-search").code == 0
    assert "FIRST EDIT" in (tmp_path / "first/404.html").read_text(encoding="utf-8")

    override.write_text(theme_404.replace("{% block content %}", "{% block content %}<p>SECOND EDIT</p>"), encoding="utf-8")
    assert build(root, tmp_path / "second", "--no-search").code == 0
    page = (tmp_path / "second/404.html").read_text(encoding="utf-8")
    assert "SECOND EDIT" in page and "FIRST EDIT" not in page


def test_workers_that_compile_at_once_give_the_same_files(tmp_path):
    root = copy_fixture("basic", tmp_path / "site")
    assert build(root, tmp_path / "one", "--no-search", "--jobs", "1").code == 0
    shutil.rmtree(root / CACHE_DIR)
    assert build(root, tmp_path / "two", "--no-search", "--jobs", "2").code == 0  # both workers write each template
    assert files_of(tmp_path / "two") == files_of(tmp_path / "one")
    assert not list((root / JINJA).rglob("*.tmp"))


def _dump_repeatedly(folder: str, key: str, rounds: int) -> None:
    cache = bytecode.TemplateCodeCache(Path(folder), key)
    env = jinja2.Environment()
    bucket = jinja2.bccache.Bucket(env, "page", "checksum")
    bucket.code = env.compile("{% for i in range(3) %}{{ i }}{% endfor %}" * 50, "page")
    for _ in range(rounds):
        cache.dump_bytecode(bucket)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_reader_gets_the_whole_code_or_none_while_workers_write(tmp_path):
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_dump_repeatedly, args=(str(tmp_path), "k", 300)) for _ in range(2)]
    for writer in writers:
        writer.start()
    reader = bytecode.TemplateCodeCache(tmp_path, "k")
    env = jinja2.Environment()
    seen = 0
    while any(writer.is_alive() for writer in writers):
        bucket = jinja2.bccache.Bucket(env, "page", "checksum")
        reader.load_bytecode(bucket)
        if bucket.code is not None:
            seen += 1
            assert env.template_class.from_code(env, bucket.code, env.make_globals(None)).render() == "012" * 50
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert seen > 0 and not list(tmp_path.rglob("*.tmp"))
