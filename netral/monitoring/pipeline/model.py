"""The layer-2 model artefact: NumPy weights (.npz) plus JSON metadata, checked on load.

Inference is pure NumPy: scikit-learn is imported only by the training command. The metadata
carries MODEL_VERSION, the feature configuration, the stacker that fuses model and rules into a
calibrated probability, the figures measured at training time and the sha256 of the weights.
A file with another version or a wrong checksum is refused, never half-used.
"""

import hashlib
import io
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from netral.monitoring.pipeline.features import FEATURES_VERSION, FeatureConfig
from netral.monitoring.pipeline.lexicon import DATA_DIR

MODEL_VERSION = f"netral-linear-{FEATURES_VERSION}"
DEFAULT_MODEL_DIR = DATA_DIR / "model"
WEIGHTS_FILE = "linear.npz"
META_FILE = "linear.json"


class ModelArtefactError(Exception):
    """The model files are missing, corrupt, or made for another version of the detector."""


@dataclass(frozen=True)
class Stacker:
    """Logistic fusion of the text model's logits and the rule evidence (Platt-style)."""

    names: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float = 0.5
    # Explicit, undamped evidence (a call to vote for a number, a slogan, a campaign hashtag,
    # sharing an official account…) lifts the score to at least this: the share of such items
    # that were campaign in the calibration split. 0 turns the override off.
    floor: float = 0.0

    def probability(self, values: dict[str, float]) -> float:
        weights = self._weights
        get = weights.get
        return _sigmoid(self.intercept + sum([get(n, 0.0) * v for n, v in values.items()]))

    @cached_property
    def _weights(self) -> dict[str, float]:
        return dict(zip(self.names, self.coef, strict=True))


@dataclass(frozen=True)
class LinearModel:
    """Hashed-feature logistic regression over delexicalised text, plus its stacker."""

    weights: np.ndarray
    bias: float
    features: FeatureConfig
    stacker: Stacker
    checksum: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return f"{MODEL_VERSION}+{self.checksum[:12]}"


def load_model(directory: str | Path = DEFAULT_MODEL_DIR) -> LinearModel:
    """Reads and verifies an artefact; raises ModelArtefactError saying what is wrong."""
    directory = Path(directory)
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        blob = (directory / WEIGHTS_FILE).read_bytes()
    except (OSError, ValueError) as exc:
        raise ModelArtefactError(f"cannot read {directory}: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("model_version") != MODEL_VERSION:
        found = meta.get("model_version") if isinstance(meta, dict) else None
        raise ModelArtefactError(f"model version {found!r} is not {MODEL_VERSION!r}")
    checksum = hashlib.sha256(blob).hexdigest()
    if checksum != meta.get("weights_sha256"):
        raise ModelArtefactError(f"{WEIGHTS_FILE} does not match the checksum in {META_FILE}")
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            weights = data["weights"].astype(np.float32)
        features = FeatureConfig(**meta["features"])
        stacker = Stacker(
            names=tuple(meta["stacker"]["names"]),
            coef=tuple(float(c) for c in meta["stacker"]["coef"]),
            intercept=float(meta["stacker"]["intercept"]),
            threshold=float(meta["stacker"].get("threshold", 0.5)),
            floor=float(meta["stacker"].get("floor", 0.0)),
        )
        bias = float(meta["bias"])
    except (KeyError, TypeError, ValueError, OSError) as exc:
        raise ModelArtefactError(f"malformed artefact: {exc}") from exc
    if weights.shape != (1 << features.bits,) or len(stacker.names) != len(stacker.coef):
        raise ModelArtefactError("weights do not fit the feature configuration")
    return LinearModel(weights, bias, features, stacker, checksum, meta)


def save_model(
    directory: str | Path,
    *,
    weights: np.ndarray,
    bias: float,
    features: FeatureConfig,
    stacker: Stacker,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """Writes the artefact atomically (temporary files, then rename; metadata last)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, weights=weights.astype(np.float32))
    blob = buffer.getvalue()
    meta = {
        "model_version": MODEL_VERSION,
        "weights_sha256": hashlib.sha256(blob).hexdigest(),
        "bias": float(bias),
        "features": features.as_dict(),
        "stacker": {
            "names": list(stacker.names),
            "coef": [float(c) for c in stacker.coef],
            "intercept": float(stacker.intercept),
            "threshold": float(stacker.threshold),
            "floor": float(stacker.floor),
        },
        **extra,
    }
    _atomic_write(directory / WEIGHTS_FILE, blob)
    text = json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    _atomic_write(directory / META_FILE, text.encode("utf-8"))
    return meta


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the artefact is shipped data
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
