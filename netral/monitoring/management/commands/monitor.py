"""`netral monitor classify|evaluate|train|corpus|import|export-labels`.

The detector subcommands need no database (docs/monitoring.md): no system checks, no migration
check. `import` and `export-labels` work on the monitoring tables (see `_db.py` beside this).
"""

import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from netral.monitoring.management.commands import _db
from netral.monitoring.pipeline import corpus, evaluate, runs
from netral.monitoring.pipeline.detector import Detector
from netral.monitoring.pipeline.model import ModelArtefactError
from netral.registry.election_file import ElectionFileError

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Detects campaigning by civil servants in social-media items (no database needed)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        classify = actions.add_parser("classify", help=_("classify JSON lines"))
        _election_options(classify)
        classify.add_argument(
            "--output", required=True, help=_("results (JSON lines), - for stdout")
        )
        classify.add_argument("--batch-size", type=int, default=runs.BATCH_SIZE)
        evaluate_parser = actions.add_parser("evaluate", help=_("measure on labelled JSON lines"))
        _election_options(evaluate_parser)
        evaluate_parser.add_argument(
            "--baseline", action="store_true", help=_("also the keyword matcher")
        )
        evaluate_parser.add_argument("--json", action="store_true", help=_("figures as JSON"))
        train = actions.add_parser("train", help=_("build the corpus, train, write the model"))
        train.add_argument("--output", default=None, help=_("model directory"))
        generate = actions.add_parser("corpus", help=_("write a labelled split as JSON lines"))
        generate.add_argument("--split", choices=sorted(corpus.SPLITS), default="heldout")
        generate.add_argument("--output", required=True, help=_("file, - for stdout"))
        generate.add_argument("--size", type=int, default=None)
        generate.add_argument("--seed", type=int, default=None)
        _db.add_parsers(actions)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        self.stderr.style_func = None  # progress and warnings, not only errors, go to stderr
        getattr(self, f"_{action.replace('-', '_')}")(**options)

    def _classify(self, **options: Any) -> None:
        detector = self._detector(options)
        output = _output(options["output"], self._stdout)
        with _input(options["input"]) as lines, output as write:
            counts = runs.classify_lines(
                detector, lines, write, self._report, batch_size=max(1, options["batch_size"])
            )
        self.stderr.write(counts.summary())

    def _evaluate(self, **options: Any) -> None:
        detector = self._detector(options)
        with _input(options["input"]) as lines:
            found = runs.evaluate_lines(detector, lines, self._report, baseline=options["baseline"])
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2, ensure_ascii=False))
            return
        self.stdout.write(evaluate.report(found["detector"], _("Detector")))
        if "keywords" in found:
            self.stdout.write("\n" + evaluate.report(found["keywords"], _("Keyword baseline")))

    def _train(self, **options: Any) -> None:
        if importlib.util.find_spec("sklearn") is None:
            # scikit-learn is the optional `train` extra: servers that only classify skip it.
            raise CommandError(
                _("Training needs scikit-learn (not installed): pip install 'netral[train]'")
            )
        from netral.monitoring.pipeline import train  # imports scikit-learn: training only

        output = Path(options["output"] or runs.default_model_dir())
        meta = train.train(output_dir=output, log=self.stdout.write)
        values = {
            "path": output,
            "version": meta["model_version"],
            "sha": meta["weights_sha256"][:12],
        }
        self.stdout.write(_("Model written to %(path)s (%(version)s+%(sha)s)") % values)

    def _corpus(self, **options: Any) -> None:
        items = corpus.generate(options["split"], size=options["size"], seed=options["seed"])
        with _output(options["output"], self._stdout) as write:
            write("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items))

    def _import(self, **options: Any) -> None:
        _db.import_file(self, **options)

    def _export_labels(self, **options: Any) -> None:
        _db.export_labels(self, **options)

    def _detector(self, options: dict[str, Any]) -> Detector:
        detector = self._load(options)
        for warning in runs.warnings_for(detector):
            self.stderr.write(warning)
        return detector

    def _load(self, options: dict[str, Any]) -> Detector:
        try:
            return runs.load_detector(
                options["config"],
                model_dir=options["model"],
                rules_only=options["rules_only"],
                transformer_dir=options["transformer"],
            )
        except ElectionFileError as exc:
            problems = "; ".join(exc.problems)
            message = _("The election file cannot be used: %(problems)s") % {"problems": problems}
            raise CommandError(message, returncode=BAD_INPUT) from exc
        except ModelArtefactError as exc:
            message = _(
                "The model cannot be used: %(problem)s. Retrain it with 'netral monitor train', "
                "or run with --rules-only."
            ) % {"problem": exc}
            raise CommandError(message, returncode=BAD_INPUT) from exc

    def _report(self, message: str, skipped: bool) -> None:
        self.stderr.write(message)

    def _stdout(self, text: str) -> None:
        self.stdout.write(text, ending="")


def _election_options(parser: CommandParser) -> None:
    parser.add_argument("--config", required=True, help=_("election file (YAML)"))
    parser.add_argument("--input", required=True, help=_("items (JSON lines), - for stdin"))
    parser.add_argument("--model", default=None, help=_("model directory"))
    parser.add_argument("--rules-only", action="store_true", help=_("no model: rules only"))
    parser.add_argument("--transformer", default=None, help=_("local ONNX model directory"))


class _input:
    """Binary lines from a file or stdin; a missing file is a clear error, not a traceback."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stream: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        if self.name == "-":
            return sys.stdin.buffer
        try:
            self.stream = open(self.name, "rb")  # noqa: SIM115 - closed in __exit__
        except OSError as exc:
            message = _("The input cannot be read: %(error)s") % {"error": exc}
            raise CommandError(message, returncode=BAD_INPUT) from exc
        return self.stream

    def __exit__(self, *exc_info: object) -> None:
        if self.stream is not None:
            self.stream.close()


class _output:
    """Writes to stdout, or to a temporary file renamed into place only when the run ends."""

    def __init__(self, name: str, stdout: Callable[[str], None]) -> None:
        self.name = name
        self.stdout = stdout
        self.temporary: str | None = None
        self.stream: Any = None

    def __enter__(self) -> Callable[[str], object]:
        if self.name == "-":
            return self.stdout
        target = Path(self.name)
        try:
            handle, self.temporary = tempfile.mkstemp(
                dir=target.parent or ".", prefix=f".{target.name}."
            )
        except OSError as exc:
            message = _("The output cannot be written: %(error)s") % {"error": exc}
            raise CommandError(message, returncode=BAD_INPUT) from exc
        stream = os.fdopen(handle, "w", encoding="utf-8")
        self.stream = stream
        return stream.write

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self.stream is None or self.temporary is None:
            return
        self.stream.close()
        if exc_type is None:
            os.chmod(self.temporary, 0o644)
            os.replace(self.temporary, self.name)
        else:
            Path(self.temporary).unlink(missing_ok=True)
