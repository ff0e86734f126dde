"""Tailoring domain logic: body measurements, their validation, Chinese garment sizes
(GB/T 1335 号型), fits and finished garment dimensions, fabric consumption, measurement
estimates and price arithmetic.

Plain typed Python: keyword-only functions and frozen dataclasses, ``decimal.Decimal`` for
centimetres, metres and yuan. No models, no views; the storefront and the factory build on
these functions. Human-readable text is lazily translated (English source strings; the
Simplified Chinese lives in :mod:`shop.tailoring.zh_hans`).
"""
