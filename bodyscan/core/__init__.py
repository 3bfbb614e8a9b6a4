"""Pure domain code: script model, loader, validation, regions. No Qt, no audio devices."""
