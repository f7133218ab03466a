"""``torchless demo``, run in-process through ``cli.main``: it trains, agrees with the closed-form solution, prints
its progress, and writes valid pictures (or none, with ``--no-plots`` or without matplotlib)."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from importlib import resources

import numpy as np
import pytest

from torchless import cli
from torchless.demo import data

PICTURES = ("regression.png", "cost.png", "animation.gif", "logistic.png")
NUM = r"(-?\d+\.\d+)"


def demo(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(["demo", *args])
    return status, out.getvalue()


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """One run of every part with pictures (the demo's main job), shared by the tests below."""
    pytest.importorskip("matplotlib")
    pytest.importorskip("PIL")
    folder = tmp_path_factory.mktemp("demo") / "pictures"
    status, text = demo("--seed", "0", "--out", str(folder))
    assert status == 0
    return folder, text


def row(text: str, label: str) -> tuple[float, float]:
    m = re.search(rf"^\s*{re.escape(label)}\s+{NUM}\s+{NUM}", text, re.M)
    assert m, f"no {label!r} line in\n{text}"
    return float(m[1]), float(m[2])


def test_regression_agrees_with_pseudoinverse(full_run):
    _, text = full_run
    learned, exact = row(text, "SGD (learned)"), row(text, "pinv (exact)")
    design = np.hstack([data.SEED_X, np.ones_like(data.SEED_X)])
    slope, intercept = np.linalg.lstsq(design, data.SEED_Y, rcond=None)[0].ravel()
    assert exact == pytest.approx((slope, intercept), abs=1e-5)
    assert learned == pytest.approx((slope, intercept), abs=1e-3)
    distance = float(re.search(r"distance\s+(\S+)", text)[1])
    assert distance == pytest.approx(np.hypot(learned[0] - exact[0], learned[1] - exact[1]), abs=2e-6)


def test_progress_shows_the_cost_falling(full_run):
    _, text = full_run
    part1 = text.split("Part 2")[0]
    costs = [float(c) for c in re.findall(r"epoch\s+\d+/500 \[[#.]+\] cost (\S+)", part1)]
    assert len(costs) >= 5
    assert costs == sorted(costs, reverse=True) and costs[-1] < costs[0] / 10
    assert "500/500 [" + "#" * 24 + "]" in part1


def test_manual_update_converges(full_run):
    text = full_run[1].split("Part 2")[1].split("Part 3")[0]
    w, exact = row(text, "gradient descent"), row(text, "pinv (exact)")
    losses = [float(c) for c in re.findall(r"epoch\s+\d+/100 \[[#.]+\] loss (\S+)", text)]
    assert losses[-1] < losses[0] / 10
    assert w == pytest.approx(exact, abs=0.02)


def test_logistic_accuracy_on_iris_is_high(full_run):
    _, text = full_run
    epochs = re.findall(r"epoch\s+(\d+)/20\s+loss (\S+)\s+accuracy (\S+)", text)
    assert [int(e[0]) for e in epochs] == list(range(1, 21))
    assert float(epochs[-1][1]) < float(epochs[0][1])
    assert float(epochs[-1][2]) > 0.9


def test_pictures_are_valid(full_run):
    from PIL import Image

    folder, _ = full_run
    assert sorted(p.name for p in folder.iterdir()) == sorted(PICTURES)
    for name in PICTURES:
        signature = b"GIF89a" if name.endswith(".gif") else b"\x89PNG\r\n\x1a\n"
        assert (folder / name).read_bytes().startswith(signature)
        with Image.open(folder / name) as im:
            assert 300 <= im.width <= 2000 and 200 <= im.height <= 2000
            assert len(np.unique(np.asarray(im.convert("L")))) > 10  # a drawing, not a blank canvas
            if name.endswith(".gif"):
                assert im.n_frames > 10
                im.seek(0)
                first = im.convert("RGB").tobytes()
                im.seek(im.n_frames - 1)
                assert im.convert("RGB").tobytes() != first  # the line moves


def test_no_plots_writes_nothing(tmp_path):
    status, text = demo("--no-plots", "--out", str(tmp_path / "out"))
    assert status == 0
    assert not (tmp_path / "out").exists()
    assert "SGD (learned)" in text and "gradient descent" in text and "accuracy" in text
    assert "wrote" not in text


def test_same_seed_same_numbers(tmp_path):
    runs = [demo("manual", "--no-plots", "--seed", s)[1] for s in ("3", "3", "4")]
    strip = lambda t: re.sub(r"Done in .*", "", t)
    assert strip(runs[0]) == strip(runs[1])
    assert strip(runs[0]) != strip(runs[2])


def test_epochs_and_lr_options(tmp_path):
    status, text = demo("regression", "--epochs", "7", "--lr", "0.01", "--no-plots")
    assert status == 0
    assert "lr=0.01" in text and "7 epochs" in text and "7/7 [" in text
    assert "Part 2" not in text and "Part 3" not in text
    assert "learning rate is too large" not in text


def test_too_large_a_learning_rate_is_explained(recwarn):
    status, text = demo("regression", "--lr", "1", "--epochs", "300", "--no-plots")
    assert status == 0
    assert "learning rate is too large" in text and "nan" in text
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_without_matplotlib_still_trains(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, text = demo("regression", "--out", str(tmp_path / "out"))
    assert status == 0
    assert 'pip install "torchless[demo]"' in text
    assert "SGD (learned)" in text
    assert not (tmp_path / "out").exists()


def test_without_pillow_no_animation(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.setitem(sys.modules, "PIL", None)
    status, text = demo("manual", "--out", str(tmp_path / "out"))
    assert status == 0
    assert "Pillow" in text and 'pip install "torchless[demo]"' in text
    assert not (tmp_path / "out" / "animation.gif").exists() and "wrote" not in text


def test_bad_options_are_usage_errors(capsys):
    for args in (["--epochs", "0"], ["--lr", "-1"], ["nonsense"]):
        with pytest.raises(SystemExit) as e:
            cli.main(["demo", *args])
        assert e.value.code == 2
    assert "must be positive" in capsys.readouterr().err


def test_iris_subset_and_its_licence():
    features, labels = data.iris()
    assert tuple(features.shape) == (100, 2) and tuple(labels.shape) == (100,)
    assert labels.sum().item() == 50 and labels[:50].sum().item() == 0
    # Fisher's published species means (cm): versicolor petal 4.260 x 1.326, virginica 5.552 x 2.026
    f = features.numpy().astype(np.float64)
    assert f[:50].mean(0) == pytest.approx([4.260, 1.326], abs=5e-4)
    assert f[50:].mean(0) == pytest.approx([5.552, 2.026], abs=5e-4)
    licence = resources.files("torchless.demo").joinpath("iris_LICENSE.txt").read_text()
    assert "CC BY 4.0" in licence and "Fisher" in licence and "10.24432/C56C76" in licence
