"""Whatever bytes arrive, load_document returns a Document or raises a ParseError subclass."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from parsers.backends import load_document
from parsers.document import Document
from parsers.errors import ParseError

pytestmark = pytest.mark.slow  # fuzzing every backend

PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"<html><body>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xd0\xcf\x11\xe0",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "政府信息公开".encode("gb18030"),
    b"| a | b |\n",
]


def _check(data: bytes):
    try:
        doc = load_document(data, "fuzz")
    except ParseError as e:
        assert str(e)
    else:
        assert isinstance(doc, Document)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PREFIXES), st.binary(max_size=2000))
def test_arbitrary_bytes(prefix, body):
    _check(prefix + body)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_arbitrary_text(text, encoding):
    _check(text.encode(encoding, errors="ignore"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["pdf", "docx", "doc", "word-xml", "mhtml", "rtf", "odt"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
    st.floats(0.05, 1),
)
def test_damaged_real_documents(kind, flips, keep):
    from tests.fixtures import documents as fx

    make = {
        "pdf": fx.ruled_pdf,
        "docx": fx.report_docx,
        "doc": fx.report_doc,
        "word-xml": lambda: fx.wordml_2003(fx.report_docx()),
        "mhtml": lambda: (
            fx.DOC_DIR.parent / "mhtml" / "h025_web_page_chromium.mhtml"
        ).read_bytes(),
        "rtf": lambda: (fx.DOC_DIR.parent / "rtf" / "000_2019_libreoffice.rtf").read_bytes(),
        "odt": lambda: (fx.DOC_DIR.parent / "odt" / "000_2019_libreoffice.odt").read_bytes(),
    }
    data = bytearray(make[kind]())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    _check(bytes(data[: max(1, int(len(data) * keep))]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["WordDocument", "1Table", "Data"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=8),
    st.sampled_from(
        ["000_2019.doc", "pictures_libreoffice.doc", "pictures_floating_libreoffice.doc"]
    ),
)
def test_damaged_word_streams(stream, flips, file):
    """Bytes changed inside a .doc's own streams (the container intact): the FIB, piece table,
    paragraph and character properties, table rows, inline and floating pictures (the table
    stream's drawing) are read from damaged data."""
    import io

    import olefile

    from tests.fixtures import documents as fx

    buf = io.BytesIO(fx.report_doc(file))
    ole = olefile.OleFileIO(buf, write_mode=True)
    assume(ole.exists(stream))  # (a .doc without inline pictures may have no Data stream)
    data = bytearray(ole.openstream(stream).read())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    ole.write_stream(stream, bytes(data))
    _check(buf.getvalue())


@pytest.mark.parametrize(
    "fixture", ["odt/000_2019_libreoffice.odt", "docx/h028_page_libreoffice.docx"]
)
def test_a_zip_package_damaged_inside_its_compressed_parts(fixture):
    """Bytes changed inside a package's deflated members: zlib's errors (an 'invalid distance'
    had escaped the .odt reader as a parser bug) are a damaged file like any other."""
    import io
    import zipfile
    from pathlib import Path

    data = (Path(__file__).parent / "fixtures" / fixture).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i.header_offset, i.compress_size) for i in z.infolist()]
    for header, size in members:
        # (a member's data follows its local header: 30 bytes, its name, its extra field)
        start = header + 30 + int.from_bytes(data[header + 26 : header + 28], "little")
        start += int.from_bytes(data[header + 28 : header + 30], "little")
        for k in range(1, 8):
            damaged = bytearray(data)
            damaged[start + size * k // 8] ^= 0xFF
            _check(bytes(damaged))
