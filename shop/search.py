"""Catalogue search that understands Chinese: Whoosh (through Haystack, as Oscar asks)
with a tokenizer that cuts runs of Chinese characters into single characters and
overlapping pairs, the way Lucene's CJK analyzer does. Chinese writes no spaces, so
Whoosh's own tokenizer keeps 白色牛津纺衬衫 as one word and a search for 衬衫 or
牛津纺 finds nothing; with pairs, every word of two or more characters is found as the
pairs it is made of (all of them, in the query), and a one-character word as itself.
Latin words are tokenized, lower-cased and stemmed as before."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from haystack import connections
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.analysis import Composable, LowercaseFilter, StemFilter, Token, Tokenizer
from whoosh.fields import TEXT

# CJK ideographs (with extension A and the compatibility block), kana and hangul.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
PIECE = re.compile(rf"[{CJK}]+|[^\W{CJK}]+(?:\.[^\W{CJK}]+)*")
IS_CJK = re.compile(rf"[{CJK}]")


class CjkTokenizer(Tokenizer):
    """Latin words whole; Chinese runs as characters and overlapping character pairs."""

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for piece in PIECE.finditer(value):
            for text, offset in cjk_pieces(piece.group()):
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = position
                    position += 1
                if chars:
                    token.startchar = start_char + piece.start() + offset
                    token.endchar = token.startchar + len(text)
                yield token


def cjk_pieces(word: str) -> list[tuple[str, int]]:
    """The tokens of one run of letters, with their offsets in it."""
    if not IS_CJK.match(word):
        return [(word, 0)]
    pieces = [(character, i) for i, character in enumerate(word)]
    pieces += [(word[i : i + 2], i) for i in range(len(word) - 1)]
    return pieces


class LatinStemFilter(StemFilter):
    """Stems Latin words only (the English stemmer has nothing to say about Chinese)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            if token.text not in self.ignore and not IS_CJK.match(token.text):
                token.text = self._stem(token.text)
            yield token


def cjk_analyzer() -> Composable:
    return CjkTokenizer() | LowercaseFilter() | LatinStemFilter()


class CjkWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields: dict[str, Any]) -> tuple[str, Any]:
        content_field_name, schema = super().build_schema(fields)
        for name in schema.names():
            field = schema[name]
            if type(field) is TEXT:
                field.analyzer = cjk_analyzer()
        return content_field_name, schema


class CjkWhooshEngine(WhooshEngine):
    backend = CjkWhooshSearchBackend


def product_search_index_update(*, product: Any) -> None:
    """Re-index one product now (its Chinese title lives beside it, so saving that title
    does not re-index the product by itself)."""
    index = connections["default"].get_unified_index().get_index(type(product))
    index.update_object(product)
