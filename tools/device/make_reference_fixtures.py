"""Independent reference fixtures made with the real Python stack (Pillow, numpy, torch, timm).

Run on a machine that has them (the lent GPU machine's image does; this project's machines do not):
    python3 tools/device/make_reference_fixtures.py OUTDIR
Writes:
  pillow_preprocess.json  - Pillow's resize (BILINEAR, antialiased) + centre crop of synthetic images, as
                            SHA-256 of the 224x224x3 uint8 crop plus sampled values; the images are generated
                            by a formula the C# test repeats (no image files needed).
  ums_tiny_p4.pdparams    - a tiny DeiT checkpoint (2 blocks, width 64, 4 heads, 32 px, patch 16) pickled the
                            way paddle.save writes a state dict (protocol 4, dict of numpy arrays, Paddle
                            Linear weights [in, out], plus the 'StructuredToParameterName@@' entry).
  ums_tiny_p2.pdparams    - the same in protocol 2 with numpy 1.x module names (older checkpoints).
  ums_tiny_input.npy / ums_tiny_expected.npy - a batch of 3 inputs and timm's L2-normalised cls embeddings.
"""
import hashlib, json, os, pickle, sys
import numpy as np
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def pixel(x, y, c):
    return (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 11 + ((x ^ y) & 31) * 3) % 256

def synthetic(w, h):
    a = np.zeros((h, w, 3), dtype=np.uint8)
    for y in range(h):
        for x in range(w):
            for c in range(3):
                a[y, x, c] = pixel(x, y, c)
    return Image.fromarray(a, "RGB")

def round_half_even(v):
    return int(np.round(v))  # numpy rounds half to even

def preprocess(img, s, crop=224):
    w, h = img.size
    if min(w, h) != s:
        if w <= h:
            nw, nh = s, int(s * h / w)
        else:
            nw, nh = int(s * w / h), s
        img = img.resize((nw, nh), Image.BILINEAR)
    w, h = img.size
    top = round_half_even((h - crop) / 2.0)
    left = round_half_even((w - crop) / 2.0)
    img = img.crop((left, top, left + crop, top + crop))
    return np.asarray(img, dtype=np.uint8), img.size, (left, top)

cases = []
rng = np.random.RandomState(7)
positions = [(int(rng.randint(224)), int(rng.randint(224)), int(rng.randint(3))) for _ in range(400)]
for (w, h, s) in [(300, 260, 248), (248, 400, 248), (249, 301, 248), (200, 180, 248), (225, 227, 224), (464, 348, 248), (348, 464, 224), (1000, 701, 248)]:
    crop, size, offset = preprocess(synthetic(w, h), s)
    cases.append({
        "width": w, "height": h, "shorterSide": s,
        "cropOffset": {"left": offset[0], "top": offset[1]},
        "sha256": hashlib.sha256(crop.tobytes()).hexdigest(),
        "samples": [[x, y, c, int(crop[y, x, c])] for (x, y, c) in positions],
    })
with open(os.path.join(out, "pillow_preprocess.json"), "w") as f:
    json.dump({"pillow": Image.__version__ if hasattr(Image, "__version__") else __import__("PIL").__version__,
               "pixelFormula": "(x*37 + y*91 + c*53 + ((x*y) % 17)*11 + ((x ^ y) & 31)*3) % 256",
               "layout": "crop is HxWxC uint8 RGB, row-major", "cases": cases}, f, indent=1)

import torch, timm
torch.manual_seed(3)
model = timm.models.vision_transformer.VisionTransformer(
    img_size=32, patch_size=16, embed_dim=64, depth=2, num_heads=4, mlp_ratio=4.0, qkv_bias=True,
    num_classes=0, global_pool="token")
model.eval()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.randn_like(p) * 0.2)
    x = torch.randn(3, 3, 32, 32)
    feats = model.forward_features(x)           # final norm applied
    cls = feats[:, 0]
    emb = torch.nn.functional.normalize(cls, dim=-1)
np.save(os.path.join(out, "ums_tiny_input.npy"), x.numpy().astype(np.float32))
np.save(os.path.join(out, "ums_tiny_expected.npy"), emb.numpy().astype(np.float32))

state = {}
names = {}
for i, (k, v) in enumerate(model.state_dict().items()):
    a = v.detach().numpy().astype(np.float32)
    if a.ndim == 2 and k.endswith(".weight"):
        a = np.ascontiguousarray(a.T)  # Paddle Linear: [in, out]
    state[k] = a
    names[k] = f"param_{i}"
state["StructuredToParameterName@@"] = names
with open(os.path.join(out, "ums_tiny_p4.pdparams"), "wb") as f:
    pickle.dump(state, f, protocol=4)
p2 = pickle.dumps(state, protocol=2).replace(b"numpy._core.multiarray\n", b"numpy.core.multiarray\n")
with open(os.path.join(out, "ums_tiny_p2.pdparams"), "wb") as f:
    f.write(p2)
with open(os.path.join(out, "ums_tiny_keys.json"), "w") as f:
    json.dump({k: list(v.shape) for k, v in state.items() if k != "StructuredToParameterName@@"}, f, indent=1)
print("numpy", np.__version__, "torch", torch.__version__, "timm", timm.__version__)
print(open(os.path.join(out, "pillow_preprocess.json")).read()[:300])
