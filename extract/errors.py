"""Errors that end the processing of one input; the batch turns each into an errors row."""
from __future__ import annotations

STAGES = ("read", "ocr", "convert", "extract", "write")


class InputError(Exception):
    """One input could not be (fully) processed. `stage` is one of STAGES."""

    stage = "read"

    def __init__(self, message: str, stage: str | None = None) -> None:
        super().__init__(message)
        if stage:
            self.stage = stage


class UnsupportedInput(InputError):
    """A format or content the product does not read (yet)."""


class EmptyInput(InputError):
    """Zero bytes, or no text at all."""


class UnsafeInput(InputError):
    """An input over a safety limit (zip bomb, oversized part, DTD with entities)."""


class EncryptedInput(InputError):
    """A password-protected file."""
