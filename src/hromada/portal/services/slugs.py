"""Addresses made from Ukrainian titles: the official transliteration (Cabinet of
Ministers resolution No. 55 of 27 January 2010), as on passports and road signs, so
that "Голосування триває" becomes "holosuvannia-tryvaie"."""

from __future__ import annotations

import re
import unicodedata

# Letters written differently at the start of a word.
WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "iu",
    "я": "ia",
    "ь": "",
    "ъ": "",
    "ы": "y",
    "э": "e",
    "ё": "io",
}
APOSTROPHES = "'\u02bc\u2019`\u2018"
NOT_SLUG = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> str:
    """Ukrainian letters in Latin ones (case folded); other characters unchanged."""
    text = unicodedata.normalize("NFC", text).lower()
    for apostrophe in APOSTROPHES:
        text = text.replace(apostrophe, "")
    result: list[str] = []
    previous = ""
    for letter in text:
        at_word_start = not previous.isalpha()
        if letter == "г" and previous == "з":
            # "зг" is written "zgh" so that it does not read as the letter "ж" (zh).
            result.append("gh")
        elif at_word_start and letter in WORD_START:
            result.append(WORD_START[letter])
        else:
            result.append(LETTERS.get(letter, letter))
        previous = letter
    return "".join(result)


def slug_from(text: str, max_length: int) -> str:
    """A URL-safe address: Latin letters, digits and single hyphens, cut at a hyphen."""
    ascii_text = (
        unicodedata.normalize("NFKD", transliterate(text)).encode("ascii", "ignore").decode()
    )
    slug = NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-")
