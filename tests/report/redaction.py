"""Scan a build folder for what a redacted build must not hold: a director's name or a
path of this machine. Test code for `tdceu build --redact` (phase 2 of issue 14).

Every file under the folder is read the way a person (or a search engine) would see it:
HTML, SVG, CSV, JSON, JS and text as text, also after undoing HTML and JSON escapes
(`O&#x27;Brien`, `O\\u0027Brien`); PNG by its text metadata chunks; PDF by its pages'
text and its metadata (pypdf); XLSX and other zip files by every member's XML; any other
file by its bytes. Nothing is skipped: a file of an unknown kind is read as bytes.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from tdceu_analysis.io.load import read_table

TEXT_SUFFIXES = {".html", ".htm", ".svg", ".csv", ".json", ".js", ".txt", ".md", ".css", ".xml"}


@dataclass(frozen=True)
class Finding:
    """`file` (relative to the scanned folder) holds `what` (a name or a path): `kind`."""

    file: str
    kind: str  # "name" or "path"
    what: str


def director_names(directors_file: Path) -> list[str]:
    """Every distinct, non-empty director name in a directors file (CSV, XLSX, Parquet)."""
    names = read_table(directors_file).get_column("name").drop_nulls().unique().to_list()
    return sorted(name.strip() for name in names if name and name.strip())


def machine_paths(data_folder: Path | None = None) -> list[str]:
    """Absolute paths of this machine a page must not show: /work/, /tmp/, the home folder,
    the data folder's absolute path (and where it resolves to)."""
    paths = ["/work/", "/tmp/", str(Path.home()).rstrip("/") + "/"]
    if data_folder is not None:
        paths += [str(data_folder.absolute()), str(data_folder.resolve())]
    tmp = os.environ.get("TMPDIR")
    if tmp:
        paths.append(tmp.rstrip("/") + "/")
    # "/" alone (a root home folder) would match everything
    return sorted({path for path in paths if path.strip("/")})


def _unescaped(text: str) -> str:
    """The text with HTML entities and JSON \\uXXXX / \\/ escapes undone, appended."""
    json_like = re.sub(
        r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text.replace("\\/", "/")
    )
    return "\n".join((text, html.unescape(text), html.unescape(json_like)))


# the image itself; every other chunk (text, compressed text, ICC profile, EXIF, unknown)
# is read: what PIL puts in `Image.info` and more, without decoding a pixel
_PNG_IMAGE_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def _inflated(body: bytes) -> bytes:
    try:
        return zlib.decompress(body)
    except zlib.error:  # not compressed after all: read as it is
        return body


def _png_chunk(kind: bytes, body: bytes) -> str:
    key, _, rest = body.partition(b"\0")
    if kind in (b"zTXt", b"iCCP"):  # keyword, method byte, zlib data
        rest = _inflated(rest[1:])
    elif kind == b"iTXt":  # keyword, compressed?, method, language, translated keyword, text
        compressed, rest = rest[:1] == b"\1", rest[2:]
        language, _, rest = rest.partition(b"\0")
        translated, _, rest = rest.partition(b"\0")
        rest = _inflated(rest) if compressed else rest
        key = b" ".join((key, language, translated))
        return f"{key.decode('utf-8', 'replace')}={rest.decode('utf-8', 'replace')}"
    elif kind != b"tEXt":
        key, rest = b"", body
    return f"{key.decode('latin-1')}={rest.decode('latin-1')}"


def _png_text(path: Path) -> str:
    """Every chunk of the PNG but the image data, as text (its compressed text inflated)."""
    data = path.read_bytes()
    parts, at = [], 8  # after the signature: length, type, data, CRC, ...
    while at + 8 <= len(data):
        size, kind = int.from_bytes(data[at : at + 4], "big"), data[at + 4 : at + 8]
        if kind not in _PNG_IMAGE_CHUNKS:
            parts.append(_png_chunk(kind, data[at + 8 : at + 8 + size]))
        at += 12 + size
    return "\n".join(parts)


@functools.lru_cache(maxsize=8)
def _pdf_read(path: str, mtime_ns: int, size: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    texts = tuple(page.extract_text() or "" for page in reader.pages)
    return texts, tuple(f"{key}={value}" for key, value in (reader.metadata or {}).items())


def pdf_page_texts(path: Path) -> list[str]:
    """Each page's text as pypdf extracts it. A packet's text is extracted once per process
    (seconds for the 48-page packet) for the scan and the packet tests that read it; a file
    written again (another time or size) is read again."""
    stat = path.stat()
    return list(_pdf_read(str(path.resolve()), stat.st_mtime_ns, stat.st_size)[0])


def _pdf_text(path: Path) -> str:
    stat = path.stat()
    texts, metadata = _pdf_read(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    return "\n".join((*texts, *metadata))


def _zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(member).decode("utf-8", errors="replace") for member in archive.namelist()
        )


def readable_text(path: Path) -> str:
    """What a person or a search could read in the file (see the module's docstring)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = path.read_text(encoding="utf-8", errors="replace")
    elif suffix == ".png":
        text = _png_text(path)
    elif suffix == ".pdf":
        text = _pdf_text(path)
    elif zipfile.is_zipfile(path):
        text = _zip_text(path)
    else:
        text = path.read_bytes().decode("latin-1")
    return _unescaped(text)


def _folded(text: str) -> str:
    # any case, any run of spaces between a name's parts
    return " ".join(text.split()).casefold()


_WORD = re.compile(r"\w+")


def _names_in(text: str, names: dict[str, str]) -> set[str]:
    """The names (folded -> as written) that stand in `text` as whole words.

    A name standing as whole words has each of its words among the text's words (each is
    a whole run of word characters there too): one pass collects the text's words, and
    only a name whose words are all there gets the substring search over megabytes and
    the whole-word check."""
    folded = _folded(text)
    words = set(_WORD.findall(folded))
    return {
        name
        for key, name in names.items()
        if words.issuperset(_WORD.findall(key))
        and key in folded
        and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded)
    }


def scan_build(
    folder: Path,
    directors_file: Path,
    data_folder: Path | None = None,
    kinds: tuple[str, ...] = ("name", "path"),
) -> list[Finding]:
    """Every (file, name or path) of `folder` that a redacted build must not hold,
    sorted by file; `kinds` ("name", "path") says what to look for."""
    names = director_names(directors_file) if "name" in kinds else []
    folded_names = {_folded(name): name for name in names}
    paths = machine_paths(data_folder) if "path" in kinds else []
    findings: list[Finding] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = readable_text(path)
        relative = path.relative_to(folder).as_posix()
        found = _names_in(text, folded_names) if names else set()
        findings += [Finding(relative, "name", n) for n in names if n in found]
        findings += [Finding(relative, "path", p) for p in paths if p in text]
    return findings


def report(findings: list[Finding]) -> str:
    """One line per finding, for an assertion message."""
    return "\n".join(f"{f.file}: {f.kind} {json.dumps(f.what)}" for f in findings)
