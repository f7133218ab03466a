"""The demo's pictures, drawn with matplotlib's object API (no pyplot, so no GUI backend and no global state).

matplotlib and Pillow come with ``pip install "torchless[demo]"``; ``missing()`` says which of them is absent.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from .logistic import LogisticResult
from .manual import ManualResult
from .regression import RegressionResult

INSTALL_HINT = 'pip install "torchless[demo]"'
GIF_FRAMES = 50


def missing(*modules: str) -> list[str]:
    """Those of ``modules`` (default: matplotlib and PIL) that cannot be imported."""
    return [m for m in modules or ("matplotlib", "PIL") if _absent(m)]


def _absent(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):  # a module set to None in sys.modules, or without a spec
        return True


def _figure(width: float = 6.4, height: float = 4.8):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="tight")
    return fig, fig.add_subplot()


def regression(res: RegressionResult, x: np.ndarray, y: np.ndarray, path: Path) -> Path:
    """The eight points, the line SGD learned and the closed-form (pseudoinverse) line."""
    fig, ax = _figure()
    ax.scatter(x.ravel(), y.ravel(), color="tab:blue", zorder=3, label="data")
    xs = np.array([x.min() - 0.5, x.max() + 0.5])
    ax.plot(xs, res.exact_slope * xs + res.exact_intercept, color="black", lw=4, alpha=0.3,
            label=f"closed form (pinv): {_line(res.exact_slope, res.exact_intercept)}")
    ax.plot(xs, res.slope * xs + res.intercept, color="tab:orange", ls="--",
            label=f"SGD, {len(res.costs)} epochs: {_line(res.slope, res.intercept)}")
    ax.set(xlabel="x", ylabel="y", title="nn.Linear(1, 1) trained by SGD vs least squares")
    ax.legend(loc="upper left")
    fig.savefig(path)
    return path


def _line(m: float, b: float) -> str:
    return f"y = {m:.4f} x {'-' if b < 0 else '+'} {abs(b):.4f}"


def cost(res: RegressionResult, path: Path) -> Path:
    """The MSE cost per epoch (log scale), and the cost of the closed-form line, its floor."""
    fig, ax = _figure()
    ax.plot(np.arange(1, len(res.costs) + 1), res.costs, color="tab:orange", label="mse_cost of the SGD line")
    ax.axhline(res.exact_cost, color="black", ls=":", label=f"closed-form line's cost {res.exact_cost:.4f}")
    ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="cost (log scale)", title="Cost during training")
    ax.legend()
    fig.savefig(path)
    return path


def animation(res: ManualResult, path: Path, frames: int = GIF_FRAMES, fps: int = 12) -> Path:
    """The second seed's "Animate it!": the line ``x @ w`` converging onto the data, as an animated GIF."""
    fig, ax = _figure(6.0, 4.5)
    x0, y = res.x[:, 0], res.y
    xs = res.x[np.argsort(x0)]
    ax.scatter(x0, y, c="orange", s=12)
    (line,) = ax.plot(xs[:, 0], xs @ np.array(res.weights[0]), color="tab:blue")
    label = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", family="monospace")
    ax.set(xlabel="x[:, 0]", ylabel="y", title="Gradient descent on the second seed's data, epoch by epoch")
    ax.set_ylim(min(y.min(), -2.5) - 0.5, y.max() + 0.5)
    steps = np.unique(np.linspace(0, len(res.weights) - 1, min(frames, len(res.weights))).round().astype(int))
    writer = _blitting_pillow_writer()(artists=(line, label), fps=fps)
    with writer.saving(fig, path, fig.dpi):
        for step in steps:
            w = res.weights[step]
            line.set_ydata(xs @ np.array(w))
            label.set_text(f"epoch {step:>3}   w = ({w[0]:6.3f}, {w[1]:6.3f})")
            writer.grab_frame()
    return path


def _blitting_pillow_writer():
    """matplotlib's ``PillowWriter``, grabbing frames by blitting: the figure is drawn once, then each frame
    redraws only the animated artists on that background (a full redraw per frame is ten times slower)."""
    from matplotlib.animation import PillowWriter
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    class BlittingPillowWriter(PillowWriter):
        def __init__(self, artists, **kwargs) -> None:
            super().__init__(**kwargs)
            self.artists = artists

        def setup(self, fig, outfile, dpi=None) -> None:
            super().setup(fig, outfile, dpi)
            for artist in self.artists:
                artist.set_animated(True)
            self.canvas = FigureCanvasAgg(fig)
            self.canvas.draw()
            self.background = self.canvas.copy_from_bbox(fig.bbox)
            self.images = []

        def grab_frame(self, **savefig_kwargs) -> None:
            self.canvas.restore_region(self.background)
            for artist in self.artists:
                artist.axes.draw_artist(artist)
            size = self.canvas.get_width_height()
            image = Image.frombuffer("RGBA", size, bytes(self.canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
            self.images.append(image.convert("RGB"))  # opaque frames: no GIF transparency index

        def finish(self) -> None:
            self.images[0].save(self.outfile, save_all=True, append_images=self.images[1:],
                                duration=int(1000 / self.fps), loop=0)

    return BlittingPillowWriter


def logistic(res: LogisticResult, path: Path, names: tuple[str, str], features: tuple[str, str]) -> Path:
    """The flowers, the predicted probability as a background, and the decision boundary p = 0.5."""
    fig, ax = _figure()
    f, labels = res.features, res.labels
    (x_lo, y_lo), (x_hi, y_hi) = f.min(0) - 0.3, f.max(0) + 0.3
    gx, gy = np.meshgrid(np.linspace(x_lo, x_hi, 200), np.linspace(y_lo, y_hi, 200))
    p = 1 / (1 + np.exp(-(res.weight[0] * gx + res.weight[1] * gy + res.bias)))
    ax.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.35)
    ax.contour(gx, gy, p, levels=[0.5], colors="black")
    rng = np.random.default_rng(0)  # a little jitter: many flowers share the same (rounded) measurements
    jitter = rng.uniform(-0.03, 0.03, f.shape)
    for k, (name, color) in enumerate(zip(names, ("tab:blue", "tab:red"))):
        pts = (f + jitter)[labels == k]
        ax.scatter(pts[:, 0], pts[:, 1], c=color, s=18, edgecolors="white", linewidths=0.5,
                   label=name.replace("-", " "))
    ax.set(xlim=(x_lo, x_hi), ylim=(y_lo, y_hi), xlabel=features[0], ylabel=features[1],
           title=f"Logistic regression: accuracy {res.accuracy:.2f}, boundary p = 0.5")
    ax.legend(loc="upper left")
    fig.savefig(path)
    return path
