"""The learned confidence of extracted values (features, the calibrated model and its file)."""

from .model import ConfidenceModel, load

__all__ = ["ConfidenceModel", "load"]
