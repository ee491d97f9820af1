"""Train stc-bench's Norwegian name detector on NorNE and copy it into the package.

    .venv/bin/python tools/train_ner.py [--data ../shared/data/norne_nob] [--max-steps N] [--seed N]

Reproducible: fixed seed, config in ``tools/ner_config.cfg``, one thread. It

1. converts NorNE's training file (NDT format, ``name=`` in the last column) and the UD dev
   split (CoNLL-U) to spaCy DocBin files in a temporary folder — the NorNE texts are never
   written into the repository (their licence forbids republishing them as texts);
2. with ``--pretrain-minutes`` (and a config with a ``[pretraining]`` section, e.g.
   ``tools/ner_config_wide.cfg``) pretrains the tok2vec (``spacy pretrain``, characters
   objective: predict each word's first and last characters from its context) on the
   unlabelled text of the training sentences — never the dev text — and a lower-cased copy of
   every fifth of them (speech often is);
3. runs ``spacy train`` with the config (a small tok2vec without word vectors, NORM / PREFIX /
   SUFFIX / SHAPE hash embeddings; a share of the documents lower-cased), from the pretrained
   weights if any — or, with ``--finetune-from DIR``, goes on training the model in DIR;
4. copies ``model-best`` into ``stc_bench/nlp/data/ner_nb/`` with only what ``spacy.load``
   needs (no optimizer state, no training corpus paths) and the NorNE licence note.

Pretraining is bounded by ``[pretraining] max_epochs`` and ``--pretrain-minutes`` (the last
saved epoch is used), training by ``max_steps`` and by ``--minutes`` (the best model so far is
shipped when time is up) and runs under ``nice`` (``--nice 0``: normal priority); the time
and size are printed at the end (measured figures in ``bench/README.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tools" / "ner_config.cfg"
TARGET = ROOT / "stc_bench" / "nlp" / "data" / "ner_nb"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "norne_nob"
TRAIN_FILE = "ndt_nob_train.conll"
DEV_FILE = "no_bokmaal-ud-dev-ner.conllu"
#: Sentences per training document: short documents, as NorNE's are single sentences.
SENTS_PER_DOC = 1


def read_conll(path: Path) -> list[list[tuple[str, bool, str]]]:
    """Sentences of ``(form, space_after, iob)`` from an NDT .conll or a CoNLL-U file."""
    sentences, current = [], []
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:  # CoNLL-U multi-word / empty nodes
                continue
            misc = cols[-1].split("|")
            iob = next((m[5:] for m in misc if m.startswith("name=")), "O")
            current.append((cols[1], "SpaceAfter=No" not in misc, iob))
    if current:
        sentences.append(current)
    return sentences


def bio_fixed(tags: list[str]) -> list[str]:
    """IOB tags spaCy accepts: an ``I-X`` that does not continue an ``X`` starts one."""
    out, prev = [], "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def to_docbin(sentences, path: Path) -> int:
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("nb").vocab
    bin_ = DocBin()
    for sent in sentences:
        words = [w for w, _, _ in sent]
        spaces = [s for _, s, _ in sent]
        bin_.add(Doc(vocab, words=words, spaces=spaces, ents=bio_fixed([t for _, _, t in sent])))
    bin_.to_disk(path)
    return len(sentences)


def to_raw_text(sentences, path: Path) -> int:
    """The training sentences as unlabelled text for ``spacy pretrain`` (JSONL, one a line)."""
    lines = []
    for i, sent in enumerate(sentences):
        text = "".join(w + (" " if sp else "") for w, sp, _ in sent).strip()
        lines.append(json.dumps({"text": text}, ensure_ascii=False))
        if i % 5 == 0:
            lines.append(json.dumps({"text": text.lower()}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _bounded(cmd: list[str], minutes: float, what: str, nice: int = 10) -> int:
    """Run ``cmd`` niced on one thread; stop it after ``minutes`` (0 if stopped by time)."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if nice and hasattr(os, "nice"):
        cmd = ["nice", "-n", str(nice), *cmd]
    proc = subprocess.Popen(cmd, env=env)
    try:
        return proc.wait(timeout=minutes * 60)
    except subprocess.TimeoutExpired:
        # Both commands save at every epoch / improving evaluation: what is there is used.
        print(f"train_ner: stopping {what} after {minutes:g} min (time bound)", flush=True)
        proc.terminate()
        proc.wait()
        return 0


def pretrain(sentences, tmp: Path, config: Path, minutes: float) -> Path:
    """Pretrained tok2vec weights (the last epoch saved within ``minutes``)."""
    to_raw_text(sentences, tmp / "raw.jsonl")
    out = tmp / "pretrain"
    code = _bounded([sys.executable, "-m", "spacy", "pretrain", str(config), str(out),
                     "--paths.raw_text", str(tmp / "raw.jsonl")], minutes, "pretraining")
    saved = sorted(out.glob("model*.bin"), key=lambda p: p.stat().st_mtime)
    if code or not saved:
        raise SystemExit(f"train_ner: pretraining failed (exit {code}, {len(saved)} epochs saved)")
    print(f"train_ner: pretrained weights {saved[-1].name}", flush=True)
    return saved[-1]


def finetune_config(base: Path, out: Path, learn_rate: float) -> Path:
    """A config that goes on training the model in ``base`` (its tok2vec and NER sourced):
    a lower, constant learning rate, batches of 500-1000 words from the start, an evaluation
    every 200 steps."""
    from spacy.util import load_config

    config = load_config(base / "config.cfg")
    for name in ("tok2vec", "ner"):
        config["components"][name] = {"source": str(base.resolve())}
    config["training"].update(eval_frequency=200, patience=1600)
    config["training"]["optimizer"]["learn_rate"] = learn_rate
    config["training"]["batcher"]["size"].update(start=500, stop=1000)
    config.to_disk(out)
    return out


def strip_for_shipping(best: Path, target: Path, data: Path, check_texts: list[str]) -> None:
    """Copy ``best`` to ``target`` with only what ``spacy.load`` needs; add the licence note.

    The string store of a trained pipeline lists every token string seen in training — a word
    list derived from the NorNE texts, which must not be shipped. The model looks words up by
    hash (hash embeddings), so the store only needs the entity labels; the shipped model is
    checked to predict exactly what the trained one does on ``check_texts``.
    """
    import spacy

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target, copy_function=shutil.copyfile)
    trained = spacy.load(best)
    labels = sorted(trained.get_pipe("ner").labels)
    (target / "vocab" / "strings.json").write_text(json.dumps(labels), encoding="utf-8")
    cfg = target / "config.cfg"
    # The corpus paths point into a deleted temp folder: blank them ([paths] train / dev).
    text = cfg.read_text(encoding="utf-8")
    text = re.sub(r'^(\w+) = ".*\.spacy"$', r"\1 = null", text, flags=re.MULTILINE)
    cfg.write_text(text, encoding="utf-8")
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(name=target.name, lang="nb", version="1.0.0",
                description="stc-bench Norwegian (Bokmål) name detector trained on NorNE",
                sources=[{"name": "NorNE", "author": "Jørgensen, Aasmoe, Husevåg, Øvrelid, Velldal",
                          "url": "LREC 2020", "license": "annotations CC0"}],
                license="model: MIT (stc-bench); training annotations CC0 (NorNE/NDT)")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    shutil.copyfile(data / "LICENSE_NDT.txt", target / "LICENSE_NDT.txt")
    shipped = spacy.load(target)
    for a, b in zip(trained.pipe(check_texts), shipped.pipe(check_texts), strict=True):
        if [(e.start_char, e.end_char, e.label_) for e in a.ents] != \
                [(e.start_char, e.end_char, e.label_) for e in b.ents]:
            raise SystemExit(f"train_ner: the stripped model differs on: {a.text[:60]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    parser.add_argument("--seed", type=int, default=None,
                        help="override system.seed (the config's is 0): the ensemble's members "
                             "differ only in it and their config")
    parser.add_argument("--minutes", type=float, default=60.0,
                        help="stop training after this long and ship the best model so far")
    parser.add_argument("--target", type=Path, default=TARGET)
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--pretrain-minutes", type=float, default=0.0,
                        help="pretrain the tok2vec this long first (the config needs a "
                             "[pretraining] section); the last saved epoch is used")
    parser.add_argument("--finetune-from", type=Path, default=None,
                        help="go on training this model (e.g. the shipped one) instead of "
                             "training from the start; no pretraining")
    parser.add_argument("--learn-rate", type=float, default=0.0002,
                        help="the learning rate when fine-tuning")
    parser.add_argument("--nice", type=int, default=10,
                        help="niceness of the training process (0: normal priority, for a "
                             "core of its own)")
    parser.add_argument("--keep", type=Path, default=None, help="also keep the training output here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="stc-ner-") as tmp:
        tmp = Path(tmp)
        train = read_conll(args.data / TRAIN_FILE)
        n_train = to_docbin(train, tmp / "train.spacy")
        dev = read_conll(args.data / DEV_FILE)
        n_dev = to_docbin(dev, tmp / "dev.spacy")
        print(f"train_ner: {n_train} training and {n_dev} dev sentences", flush=True)
        config = args.config
        if args.finetune_from:
            config = finetune_config(args.finetune_from, tmp / "finetune.cfg", args.learn_rate)
        cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(tmp / "out"),
               "--paths.train", str(tmp / "train.spacy"), "--paths.dev", str(tmp / "dev.spacy")]
        if args.max_steps:
            cmd += ["--training.max_steps", str(args.max_steps)]
        if args.seed is not None:
            cmd += ["--system.seed", str(args.seed)]
        started = time.monotonic()
        if args.pretrain_minutes and not args.finetune_from:
            weights = pretrain(train, tmp, config, args.pretrain_minutes)
            cmd += ["--paths.init_tok2vec", str(weights)]
        code = _bounded(cmd, args.minutes, "training", args.nice)
        if code:
            return code
        minutes = (time.monotonic() - started) / 60
        if args.keep:
            shutil.copytree(tmp / "out", args.keep, dirs_exist_ok=True)
        texts = ["".join(w + (" " if sp else "") for w, sp, _ in sent) for sent in dev]
        strip_for_shipping(tmp / "out" / "model-best", args.target, args.data, texts)
    size = sum(p.stat().st_size for p in args.target.rglob("*") if p.is_file())
    print(f"train_ner: trained in {minutes:.1f} min; {args.target} is {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
