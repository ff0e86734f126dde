"""Operations tasks: none yet (the per-day event counts are kept as the events are
written)."""
