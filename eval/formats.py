"""The same document in the forms staff bring: `python -m eval.formats [--doc 乌海] [--forms text,pdf,…]`.

From one seed document's own text it makes
- pdf: printed by Chromium (a narrow page, so lines break at the page width; Chromium's running
  header — date, title — and footer — address, page x/y — on every page);
- scan: the same layout as images only (a screenshot cut into pages, saved as an image PDF): read by OCR;
- docx: one paragraph per line, the indicator lines (——…) as a table;
and asks every form the seed's figure questions of eval/questions.jsonl (one index per form, that
document alone). Prints form × fact accuracy (strict: the figure in a found answer), citation recall
and how many cited clauses carry a page; writes eval/report-formats.md. Exits 1 when a form answers
fewer questions right than the text form (`make test` runs text, pdf and docx; scan, whose OCR takes
minutes, is run by hand: eval/formats.md).
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
# The printed column and the screenshot grid: a line is LINE_PX high, a page LINES_PER_PAGE lines,
# so a page cut never runs through a line of text.
LINE_PX, LINES_PER_PAGE, WIDTH_PX = 34, 36, 760
_STYLE = (
    f"body{{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:21px;line-height:{LINE_PX}px;"
    f"width:{WIDTH_PX - 80}px;margin:0 40px}}p{{margin:0;text-indent:2em}}"
)


def _html(title: str, lines: list[str]) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def _chromium(*args: str) -> None:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        check=True,
        capture_output=True,
        timeout=300,
    )


def make_pdf(title: str, lines: list[str], out: Path) -> Path:
    out = out.resolve()
    page = out.with_suffix(".html")
    page.write_text(_html(title, lines), encoding="utf-8")
    _chromium(f"--print-to-pdf={out}", page.as_uri())
    return out


def make_scan(title: str, lines: list[str], out: Path) -> Path:
    """An image-only PDF: the page rendered as one tall screenshot, cut into pages at line boundaries."""
    from PIL import Image

    out = out.resolve()
    page = out.with_suffix(".html")
    page.write_text(_html(title, lines), encoding="utf-8")
    shot = out.with_suffix(".png")
    height = LINE_PX * (sum(len(line) // 31 + 1 for line in lines) + 4)
    _chromium(f"--screenshot={shot}", f"--window-size={WIDTH_PX},{height}", page.as_uri())
    image = Image.open(shot).convert("L")
    step = LINE_PX * LINES_PER_PAGE
    pages = [image.crop((0, top, image.width, min(top + step, image.height))) for top in range(0, image.height, step)]
    pages = [p for p in pages if p.getextrema()[0] < 200]  # drop blank slices below the text
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=120)
    return out


def make_docx(title: str, lines: list[str], out: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    table_rows: list[str] = []
    for line in lines + [""]:
        if line.startswith("——"):
            table_rows.append(line.removeprefix("——"))
            continue
        if table_rows:
            table = document.add_table(rows=len(table_rows), cols=1)
            for row, text in zip(table.rows, table_rows):
                row.cells[0].text = text
            table_rows = []
        if line:
            document.add_paragraph(line)
    document.save(out)
    return out


MAKERS = {"pdf": make_pdf, "scan": make_scan, "docx": make_docx}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.formats")
    parser.add_argument("--doc", default="乌海", help="region of the seed document (corpus/)")
    parser.add_argument("--forms", default="text,pdf,scan,docx")
    parser.add_argument("--report", type=Path, default=HERE / "reports" / "formats")
    args = parser.parse_args(argv)

    from assistant.atomic import read_json_lines
    from assistant.ingest.loading import load_corpus
    from assistant.serve.environment import prepare_environment
    from assistant.serve.runtime import open_pipeline
    from assistant.settings import build_settings

    from .evaluation import evaluate

    prepare_environment()
    base = build_settings(os.environ)
    seed = next(d for d in load_corpus(base.corpus_dir).documents if d.meta.region == args.doc)
    questions = [
        q
        for q in read_json_lines(HERE / "questions.jsonl")
        if q["doc"] == args.doc and q["kind"] in ("figure", "fact", "paraphrase", "colloquial")
    ]
    lines = [line.text for line in seed.lines]
    accuracy: dict[str, float] = {}
    table = [
        "| form | questions | fact accuracy | citation recall | cited clauses with a page |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as work:
        for form in args.forms.split(","):
            corpus = Path(work) / form / "corpus"
            corpus.mkdir(parents=True)
            stem = Path(seed.meta.source).stem
            if form == "text":
                shutil.copy(base.corpus_dir / seed.meta.source, corpus / seed.meta.source)
            else:
                MAKERS[form](seed.meta.title, lines, corpus / f"{stem}.{'pdf' if form == 'scan' else form}")
                for extra in corpus.glob(f"{stem}.[hp][tn][mg]*"):
                    extra.unlink()  # the page and screenshot the file was made from
            settings = build_settings(os.environ, corpus_dir=corpus, index_dir=Path(work) / form / "index")
            pipeline = open_pipeline(settings)
            rows = evaluate(pipeline, questions)
            cited = [c for q in questions for c in pipeline.chain.ask(q["question"]).citations]
            right = sum(r["facts_ok"] for r in rows)
            accuracy[form] = right / len(rows)
            table.append(
                f"| {form} | {len(rows)} | {right / len(rows):.3f} | "
                f"{sum(r['cited_gold'] for r in rows) / len(rows):.3f} | "
                f"{sum(c.page is not None for c in cited)} of {len(cited)} |"
            )
            print(table[-1], flush=True)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.with_suffix(".md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))
    worse = [form for form, value in accuracy.items() if "text" in accuracy and value < accuracy["text"]]
    for form in worse:
        print(f"BELOW THE TEXT FORM: {form} {accuracy[form]:.3f} < {accuracy['text']:.3f}", file=sys.stderr)
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
