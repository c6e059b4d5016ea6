"""Bytes to text: detect the encoding, decode, refuse what is not Chinese text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

from pipeline.errors import InputError
from pipeline.text import HAN_CHAR as _HAN

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Detectors name the Chinese legacy encodings by their smallest fitting subset;
# GB18030 decodes all of GB2312/GBK, and Big5-HKSCS all of Big5.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_HTML_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used, e.g. "utf-8", "gb18030"
    detected_by: str  # "bom", "utf-8 check", "html meta", "charset-normalizer", "setting"
    had_bom: bool


def decode_bytes(data: bytes, *, name: str, encoding: str = "auto") -> Decoded:
    """Decode ``data`` (the raw file ``name``) to text.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        The file name, used in error messages.
    encoding : str, default "auto"
        "auto" to detect, or a Python codec name that overrides detection.

    Raises
    ------
    InputError
        The file is empty, binary, undecodable, or holds no Chinese text.
    """
    if not data.strip():
        raise InputError(f"{name} is empty; there is nothing to clean")
    if encoding != "auto":
        decoded = _decode_with_setting(data, name, encoding)
    else:
        decoded = _detect(data, name)
    if not _HAN.search(decoded.text):
        raise InputError(
            f"{name} holds no Chinese text (decoded as {decoded.encoding}); check that it is a report, "
            "or set clean.encoding in pipeline.toml if the encoding was misdetected"
        )
    return decoded


def _decode_with_setting(data: bytes, name: str, encoding: str) -> Decoded:
    try:
        known = codecs.lookup(encoding)._is_text_encoding
    except LookupError:
        known = False
    if not known:
        raise InputError(f"encoding {encoding!r} (from --encoding or clean.encoding) is not a text encoding; "
                         "use \"auto\" or a codec name such as utf-8, gb18030, big5, utf-16") from None
    try:
        text = data.decode(encoding)
    except UnicodeError as err:
        raise InputError(f"{name} is not valid {encoding}: {err.reason}; give its real encoding with --encoding "
                         "or clean.encoding, or use \"auto\"") from None
    return Decoded(text.lstrip("\ufeff"), encoding, "setting", text.startswith("\ufeff"))


def _detect(data: bytes, name: str) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec).lstrip("\ufeff"), codec.replace("-sig", ""), "bom", True)
            except UnicodeDecodeError:
                break
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8 check", False)
    except UnicodeDecodeError:
        pass
    meta = _HTML_META_CHARSET.search(data[:4096])
    if meta:
        codec = _SUPERSET.get(meta.group(1).decode("ascii").lower(), meta.group(1).decode("ascii").lower())
        try:
            return Decoded(data.decode(codec), codec, "html meta", False)
        except (LookupError, UnicodeDecodeError):
            pass
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(f"{name} looks like a binary file, not text; give a .txt or .html report")
        return utf16
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot detect its text encoding; set clean.encoding in pipeline.toml "
                         "(e.g. gb18030, big5, utf-16)")
    codec = _SUPERSET.get(best.encoding, best.encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = str(best)
    return Decoded(text, codec, "charset-normalizer", False)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM: NUL bytes, and a strict decode that reads as Chinese/ASCII text."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for ch in text if _HAN.match(ch) or ch.isascii() or "\u3000" <= ch <= "\u303f"
                       or "\uff00" <= ch <= "\uffef")
        if readable >= 0.95 * len(text):
            return Decoded(text, codec, "utf-16 check", False)
    return None
