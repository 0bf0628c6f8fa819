"""Layer 3 (optional): a transformer classifier from LOCAL ONNX weights the user supplies.

Nothing is downloaded and no dependency is added: when `onnxruntime` and `tokenizers` are not
installed, or the directory is absent or fails its checksum, the backend says so once in the log
and stays unavailable; the pipeline carries on with layers 1–2. It only sees delexicalised text,
so it stays as candidate-neutral as the linear model.

The directory holds `model.onnx` (a sequence classifier with `input_ids` and `attention_mask`
inputs and `logits` output), `tokenizer.json` (Hugging Face tokenizers format), optionally
`labels.json` (list of labels; "campaign" marks the positive class, default: the last one) and
optionally `SHA256SUMS` (lines "<sha256>  <file name>") checked before loading.
"""

import hashlib
import importlib
import importlib.util
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)
MAX_TOKENS = 128
_already_logged: set[str] = set()


def _log_once(message: str, *args: object) -> None:
    key = message % args
    if key not in _already_logged:
        _already_logged.add(key)
        logger.warning(message, *args)


class TransformerBackend:
    """`predict_proba(texts)` → campaign probabilities, or None when unavailable."""

    def __init__(self, model_dir: str | Path | None) -> None:
        self.available = False
        self.model_dir = Path(model_dir) if model_dir else None
        self._session: Any = None
        self._tokenizer: Any = None
        self._positive = -1
        if self.model_dir is not None:
            self._load(self.model_dir)

    def _load(self, directory: Path) -> None:
        if not all(importlib.util.find_spec(name) for name in ("onnxruntime", "tokenizers")):
            _log_once("Transformer backend skipped: onnxruntime and tokenizers are not installed.")
            return
        runtime = importlib.import_module("onnxruntime")
        tokenizers = importlib.import_module("tokenizers")
        problem = _check_directory(directory)
        if problem:
            _log_once("Transformer backend skipped: %s", problem)
            return
        try:
            labels_file = directory / "labels.json"
            if labels_file.exists():
                labels = json.loads(labels_file.read_text(encoding="utf-8"))
                self._positive = labels.index("campaign") if "campaign" in labels else -1
            self._tokenizer = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
            self._tokenizer.enable_truncation(MAX_TOKENS)
            self._tokenizer.enable_padding()
            self._session = runtime.InferenceSession(
                str(directory / "model.onnx"), providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 - a user-supplied model must never stop a run
            _log_once("Transformer backend skipped: %s cannot be loaded (%s)", directory, exc)
            return
        self.available = True

    def predict_proba(self, texts: list[str]) -> np.ndarray | None:
        if not self.available or not texts:
            return None
        try:
            encodings = self._tokenizer.encode_batch(texts)
            feeds = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            }
            names = {item.name for item in self._session.get_inputs()}
            if "token_type_ids" in names:
                feeds["token_type_ids"] = np.zeros_like(feeds["input_ids"])
            logits = self._session.run(None, {k: v for k, v in feeds.items() if k in names})[0]
        except Exception as exc:  # noqa: BLE001 - a user-supplied model must never stop a run
            _log_once("Transformer backend disabled after an error: %s", exc)
            self.available = False
            return None
        scores = np.asarray(logits, dtype=np.float64)
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        probabilities: np.ndarray = (shifted / shifted.sum(axis=1, keepdims=True))[
            :, self._positive
        ]
        return probabilities


def _check_directory(directory: Path) -> str:
    """Why the directory cannot be used, or "" when it can."""
    for name in ("model.onnx", "tokenizer.json"):
        if not (directory / name).is_file():
            return f"{directory / name} is missing"
    sums = directory / "SHA256SUMS"
    if not sums.exists():
        return ""
    for line in sums.read_text(encoding="utf-8").splitlines():
        expected, _, name = line.strip().partition("  ")
        if not name:
            continue
        path = directory / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            return f"{path} does not match SHA256SUMS"
    return ""
