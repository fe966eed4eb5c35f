"""Build the ICD-10-CM reference data files of migration 0003 from simple-icd-10-cm.

Run once when adopting a new ICD-10-CM release (as a NEW migration: a landed
migration's data never changes):

    pip install simple-icd-10-cm==1.5.0
    python scripts/build_icd10cm_data.py migrations/0003_icd10cm.data

Writes three gzipped CSV files (chapters, blocks, codes). The package holds
22 chapters, 297 distinct blocks (39 of them single-category blocks that share
their code with their category, which get_all_codes() lists twice, hence the
count of 336 one gets from it), and 98,186 categories and codes, 74,719 of them
billable (leaves). Source: the April 1, 2026 ICD-10-CM tabular.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

import simple_icd_10_cm as icd


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0: the same input gives byte-identical files
    with gzip.GzipFile(filename="", mode="wb", fileobj=path.open("wb"), mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))


def _strip_range(title: str) -> str:
    return re.sub(r"\s*\([A-Z0-9]{3}(-[A-Z0-9]{3})?\)\s*$", "", title)


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    # The public lookup functions are ambiguous for the 39 codes that name both a
    # single-category block and its category, so walk the package's tree instead.
    tree = icd.simple_icd_10_cm._chapter_list
    chapter_rows: list[list[object]] = []
    block_rows: list[list[object]] = []
    code_rows: list[list[object]] = []

    def visit(node, chapter_no: int, block: str | None, category: str | None) -> None:
        if node.type == "section":
            first, _, last = node.name.partition("-")
            if block is not None:
                raise SystemExit(f"nested block {node.name} in {block}: the schema has no block hierarchy")
            block_rows.append([node.name, chapter_no, first, last or first, _strip_range(node.description)])
            for child in node.children:
                visit(child, chapter_no, node.name, None)
            return
        code_category = category or node.name
        parent = "" if node.type == "category" else node.parent.name
        code_rows.append([node.name, node.description, parent, code_category, block, chapter_no,
                          "f" if node.children else "t"])
        for child in node.children:
            visit(child, chapter_no, block, code_category)

    for chapter in tree:
        match = re.search(r"\(([A-Z0-9]{3}-[A-Z0-9]{3})\)\s*$", chapter.description)
        chapter_rows.append([int(chapter.name), match.group(1) if match else "", _strip_range(chapter.description)])
        for child in chapter.children:
            visit(child, int(chapter.name), None, None)

    _write(out_dir / "1_ref.icd10_chapter.csv.gz", ["chapter_no", "code_range", "title"], chapter_rows)
    _write(out_dir / "2_ref.icd10_block.csv.gz",
           ["block_code", "chapter_no", "first_category", "last_category", "title"], block_rows)
    _write(out_dir / "3_ref.icd10_code.csv.gz",
           ["code", "description", "parent_code", "category_code", "block_code", "chapter_no", "is_billable"],
           code_rows)
    billable = sum(1 for r in code_rows if r[-1] == "t")
    print(f"{len(chapter_rows)} chapters, {len(block_rows)} blocks, {len(code_rows)} codes ({billable} billable)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "migrations/0003_icd10cm.data"))
