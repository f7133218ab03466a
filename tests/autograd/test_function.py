"""Custom autograd.Function: forward/backward, ctx, saved tensors, multiple outputs, and torch's errors."""

from __future__ import annotations

import warnings

from .harness import make_tests, scenarios

TOPIC = "function"
SCENARIOS, scenario = scenarios()
LOG: list = []  # what backward functions saw, for the scenarios to return


def _x(T, values=(1.0, 2.0)):
    return T.tensor(list(values), requires_grad=True)


def _functions(T):
    """The Function subclasses, defined once per library."""
    cache = _functions.__dict__.setdefault("cache", {})
    if T.__name__ in cache:
        return cache[T.__name__]
    F = T.autograd.Function

    class MulConst(F):
        @staticmethod
        def forward(ctx, x, k, y):
            ctx.save_for_backward(x, y)
            ctx.k = k
            return x * y * k

        @staticmethod
        def backward(ctx, g):
            x, y = ctx.saved_tensors
            LOG.append(ctx.needs_input_grad)
            return g * y * ctx.k, None, g * x * ctx.k

    class Exp(F):
        @staticmethod
        def forward(ctx, x):
            r = x.exp()
            ctx.save_for_backward(r)
            return r

        @staticmethod
        def backward(ctx, g):
            (r,) = ctx.saved_tensors
            return g * r

    class Cube(F):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x ** 2

    class Two(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            LOG.append((g1, g2))
            return g1 * 2 + g2 * 3

    class TwoNoMaterialize(F):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            LOG.append((g1, g2))
            return g2 * 3 if g1 is None else g1 * 2 + g2 * 3

    class SortWithIndices(F):
        @staticmethod
        def forward(ctx, x):
            idx = x.argsort()
            ctx.mark_non_differentiable(idx)
            ctx.save_for_backward(idx)
            return x[idx], idx

        @staticmethod
        def backward(ctx, g, g_idx):
            (idx,) = ctx.saved_tensors
            LOG.append(g_idx)
            out = T.zeros_like(g)
            out[idx] = g
            return out

    class Dirty(F):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class Identity(F):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class WithNonTensors(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2, 5, "s"

        @staticmethod
        def backward(ctx, g, *rest):
            LOG.append(rest)
            return g

    class Scale(F):
        @staticmethod
        def forward(x, k=2.0):
            return x * k

        @staticmethod
        def setup_context(ctx, inputs, output):
            _, k = inputs
            ctx.k = k

        @staticmethod
        def backward(ctx, g):
            return g * ctx.k, None

    class KwDefault(F):
        @staticmethod
        def forward(ctx, x, k=2.0):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, None

    class GradMode(F):
        @staticmethod
        def forward(ctx, x):
            LOG.append(("forward", T.is_grad_enabled(), (x * 2).requires_grad))
            return x * 2

        @staticmethod
        def backward(ctx, g):
            LOG.append(("backward", T.is_grad_enabled()))
            return g * 2

    class ReturnsFewer(F):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g

    class ReturnsMore(F):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g, g, g

    class ReturnsExtraNones(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2, None, None

    class GradForNonTensor(F):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, g

    class BadShape(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return T.ones(3)

    class BroadcastGrad(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return T.ones(4, 2)

    class DoubleGrad(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return T.ones(2, dtype=T.float64)

    class ReturnsFloat(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return 3.0

    class ReturnsNone(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return None

    class DirtyNotReturned(F):
        @staticmethod
        def forward(ctx, x):
            y = x * 2
            ctx.mark_dirty(y)
            return x * 3

        @staticmethod
        def backward(ctx, g):
            return g

    class SavesNumber(F):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 3)
            return x * 1

        @staticmethod
        def backward(ctx, g):
            return g

    class SavesNone(F):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, None)
            return x * 1

        @staticmethod
        def backward(ctx, g):
            LOG.append(ctx.saved_tensors)
            return g

    class NoBackward(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

    class IntOutput(F):
        @staticmethod
        def forward(ctx, x):
            return (x > 1).long()

        @staticmethod
        def backward(ctx, g):
            return g

    class OnlyNonDiff(F):
        @staticmethod
        def forward(ctx, x):
            r = x * 2
            ctx.mark_non_differentiable(r)
            return r

        @staticmethod
        def backward(ctx, g):
            return g

    class Once(F):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 2

        @staticmethod
        @T.autograd.function.once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 2 * x * g

    class SavesSecondOutput(F):
        @staticmethod
        def forward(ctx, x):
            a, b = x.exp(), x * 2
            ctx.save_for_backward(b)
            return a, b

        @staticmethod
        def backward(ctx, ga, gb):
            (b,) = ctx.saved_tensors
            return ga * b + gb * 2

    class Raises(F):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            raise ValueError("backward failed")

    fns = {k: v for k, v in locals().items() if isinstance(v, type)}
    cache[T.__name__] = fns
    return fns


def _logged():
    out = list(LOG)
    LOG.clear()
    return out


@scenario
def basic(T):
    LOG.clear()
    x, y = _x(T), T.tensor([3.0, 4.0])
    z = _functions(T)["MulConst"].apply(x, 2.0, y)
    z.sum().backward()
    fns = tuple(type(n).__name__ for n, _ in z.grad_fn.next_functions)
    return z, z.grad_fn.name(), fns, z.is_leaf, x.grad, _logged()


@scenario
def needs_input_grad_both(T):
    LOG.clear()
    x, y = _x(T), _x(T, (3.0, 4.0))
    z = _functions(T)["MulConst"].apply(x, 2.0, y)
    return T.autograd.grad(z.sum(), [x, y]), _logged()


@scenario
def ctx_is_grad_fn(T):
    x, y = _x(T), T.tensor([3.0, 4.0])
    z = _functions(T)["MulConst"].apply(x, 2.0, y)
    return z.grad_fn.k, z.grad_fn.needs_input_grad, z.grad_fn.saved_tensors


@scenario
def no_input_requires_grad(T):
    z = _functions(T)["MulConst"].apply(T.tensor([1.0, 2.0]), 2.0, T.tensor([3.0, 4.0]))
    return z, z.grad_fn


@scenario
def under_no_grad(T):
    with T.no_grad():
        z = _functions(T)["MulConst"].apply(_x(T), 2.0, T.tensor([3.0, 4.0]))
    return z, z.grad_fn


@scenario
def saved_output(T):
    x = _x(T)
    r = _functions(T)["Exp"].apply(x)
    saved = r.grad_fn.saved_tensors
    r.sum().backward()
    return r, saved, x.grad


@scenario
def error_backward_twice(T):
    z = _functions(T)["MulConst"].apply(_x(T), 2.0, T.tensor([3.0, 4.0]))
    z.sum().backward()
    z.sum().backward()


@scenario
def error_saved_tensors_after_backward(T):
    z = _functions(T)["MulConst"].apply(_x(T), 2.0, T.tensor([3.0, 4.0]))
    z.sum().backward()
    return z.grad_fn.saved_tensors


@scenario
def backward_twice_without_saved(T):
    x = _x(T)
    z = _functions(T)["Two"].apply(x)[0]
    LOG.clear()
    z.sum().backward()
    z.sum().backward()
    _logged()
    return x.grad


@scenario
def retain_graph(T):
    x = _x(T)
    z = _functions(T)["Cube"].apply(x)
    z.sum().backward(retain_graph=True)
    z.sum().backward()
    return x.grad


@scenario
def double_backward(T):
    x = _x(T)
    (g,) = T.autograd.grad(_functions(T)["Cube"].apply(x).sum(), x, create_graph=True)
    return g, T.autograd.grad(g.sum(), x)


@scenario
def error_saved_input_modified(T):
    a = _x(T) * 1
    z = _functions(T)["Cube"].apply(a)
    a.mul_(2)
    z.sum().backward()


@scenario
def error_saved_output_modified(T):
    r = _functions(T)["Exp"].apply(_x(T))
    r.mul_(2)
    r.sum().backward()


@scenario
def error_saved_second_output_modified(T):
    a, b = _functions(T)["SavesSecondOutput"].apply(_x(T))
    b.add_(1)
    a.sum().backward()


@scenario
def multiple_outputs(T):
    LOG.clear()
    x = _x(T)
    a, b = _functions(T)["Two"].apply(x)
    edges = tuple((type(n).__name__, i) for n, i in (a * b).grad_fn.next_functions)
    b.sum().backward()
    return a.grad_fn.name(), b.grad_fn.name(), edges, x.grad, _logged()


@scenario
def multiple_outputs_both_used(T):
    LOG.clear()
    x = _x(T)
    a, b = _functions(T)["Two"].apply(x)
    (a * b).sum().backward()
    return x.grad, _logged()


@scenario
def multiple_outputs_hooks_per_output(T):
    LOG.clear()
    seen = []
    x = _x(T)
    a, b = _functions(T)["Two"].apply(x)
    b.register_hook(lambda g: seen.append(("b", g.tolist())))
    a.register_hook(lambda g: seen.append(("a", g.tolist())))
    (a + b * 2).sum().backward()
    _logged()
    return seen, x.grad


@scenario
def multiple_outputs_grad(T):
    LOG.clear()
    x = _x(T)
    a, b = _functions(T)["Two"].apply(x)
    r = T.autograd.grad(b.sum(), x), T.autograd.grad(a.sum(), [x])
    return r, _logged()


@scenario
def no_materialize(T):
    LOG.clear()
    x = _x(T)
    a, b = _functions(T)["TwoNoMaterialize"].apply(x)
    b.sum().backward()
    return x.grad, _logged()


@scenario
def non_differentiable_output(T):
    LOG.clear()
    x = T.tensor([3.0, 1.0, 2.0], requires_grad=True)
    v, idx = _functions(T)["SortWithIndices"].apply(x)
    state = (v.requires_grad, idx.requires_grad, idx.grad_fn, v.grad_fn.name())
    (v * T.tensor([1.0, 10.0, 100.0])).sum().backward()
    return v, idx, state, x.grad, _logged()


@scenario
def only_output_non_differentiable(T):
    r = _functions(T)["OnlyNonDiff"].apply(_x(T))
    return r, r.is_leaf, r.grad_fn


@scenario
def error_only_output_non_differentiable_backward(T):
    _functions(T)["OnlyNonDiff"].apply(_x(T)).sum().backward()


@scenario
def integer_output(T):
    r = _functions(T)["IntOutput"].apply(_x(T))
    return r, r.grad_fn


@scenario
def mark_dirty(T):
    x = _x(T)
    a = x * 1
    b = _functions(T)["Dirty"].apply(a)
    same = b is a
    b.sum().backward()
    return same, a, a.grad_fn.name(), x.grad


@scenario
def error_mark_dirty_leaf(T):
    _functions(T)["Dirty"].apply(_x(T))


@scenario
def error_dirty_not_returned(T):
    _functions(T)["DirtyNotReturned"].apply(_x(T))


@scenario
def input_returned_as_is(T):
    x = _x(T)
    b = _functions(T)["Identity"].apply(x)
    state = (b is x, b.grad_fn.name(), b.is_leaf, x.grad_fn)
    b.sum().backward()
    return state, x.grad


@scenario
def non_tensor_outputs(T):
    LOG.clear()
    x = _x(T)
    a, n, s = _functions(T)["WithNonTensors"].apply(x)
    a.sum().backward()
    return n, s, x.grad, _logged()


@scenario
def setup_context_style(T):
    x = _x(T)
    fn = _functions(T)["Scale"]
    z, w = fn.apply(x, 3.0), fn.apply(x)
    (z + w).sum().backward()
    return z.grad_fn.name(), x.grad


@scenario
def keyword_and_default_arguments(T):
    x = _x(T)
    fn = _functions(T)["KwDefault"]
    a, b = fn.apply(x, k=3.0), fn.apply(x)
    (a + b).sum().backward()
    return a, b, x.grad


@scenario
def grad_mode_inside(T):
    LOG.clear()
    x = _x(T)
    fn = _functions(T)["GradMode"]
    fn.apply(x).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn.apply(x).sum().backward(create_graph=True)
    return x.grad, _logged()


@scenario
def error_too_few_gradients(T):
    _functions(T)["ReturnsFewer"].apply(_x(T), T.tensor([1.0, 1.0])).sum().backward()


@scenario
def error_too_many_gradients(T):
    _functions(T)["ReturnsMore"].apply(_x(T), T.tensor([1.0, 1.0])).sum().backward()


@scenario
def extra_trailing_nones_allowed(T):
    x = _x(T)
    _functions(T)["ReturnsExtraNones"].apply(x).sum().backward()
    return x.grad


@scenario
def error_gradient_for_non_tensor(T):
    _functions(T)["GradForNonTensor"].apply(_x(T), 2.0).sum().backward()


@scenario
def error_gradient_wrong_shape(T):
    _functions(T)["BadShape"].apply(_x(T)).sum().backward()


@scenario
def gradient_broadcast_is_summed(T):
    x = _x(T)
    _functions(T)["BroadcastGrad"].apply(x).sum().backward()
    return x.grad


@scenario
def gradient_dtype_is_cast(T):
    x = _x(T)
    _functions(T)["DoubleGrad"].apply(x).sum().backward()
    return x.grad


@scenario
def error_gradient_is_float(T):
    _functions(T)["ReturnsFloat"].apply(_x(T)).sum().backward()


@scenario
def backward_returns_none(T):
    x = _x(T)
    _functions(T)["ReturnsNone"].apply(x).sum().backward()
    return x.grad


@scenario
def error_save_non_tensor(T):
    _functions(T)["SavesNumber"].apply(_x(T))


@scenario
def save_none(T):
    LOG.clear()
    x = _x(T)
    _functions(T)["SavesNone"].apply(x).sum().backward()
    return _logged()


@scenario
def error_no_backward(T):
    _functions(T)["NoBackward"].apply(_x(T)).sum().backward()


@scenario
def error_backward_raises(T):
    _functions(T)["Raises"].apply(_x(T)).sum().backward()


@scenario
def error_legacy_call(T):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _functions(T)["Cube"]()(_x(T))


@scenario
def once_differentiable_first_order(T):
    x = _x(T)
    return T.autograd.grad(_functions(T)["Once"].apply(x).sum(), x)


@scenario
def once_differentiable_no_graph(T):
    x = _x(T)
    (g,) = T.autograd.grad(_functions(T)["Once"].apply(x).sum(), x, create_graph=True)
    return g


@scenario
def error_once_differentiable_twice(T):
    x, v = _x(T), _x(T, (1.0, -1.0))
    (g,) = T.autograd.grad(_functions(T)["Once"].apply(x), x, v, create_graph=True)
    state = (g.requires_grad, g.grad_fn.name())
    try:
        g.sum().backward()
    except RuntimeError as e:
        return state, str(e)


@scenario
def in_a_training_step(T):
    w = T.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
    inp = T.tensor([[1.0, 2.0], [3.0, -1.0], [0.0, 1.0]])
    fns = _functions(T)
    for _ in range(3):
        out = fns["Cube"].apply(inp @ w)
        loss = fns["Exp"].apply(out * 0.01).mean()
        loss.backward()
        with T.no_grad():
            w -= 0.1 * w.grad
        w.grad = None
    return w


SCENARIO_NAMES = list(SCENARIOS)

@scenario
def hooks_see_none_for_an_unused_output(T):
    """A node's hooks get None for an output no gradient reached; only backward sees zeros (materialized)."""
    class Split(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            return g1 * 2 + g2 * 3

    x = T.ones(2, requires_grad=True)
    a, _ = Split.apply(x)
    seen = []
    a.grad_fn.register_prehook(lambda go: seen.append(("pre", go)))
    a.grad_fn.register_hook(lambda gi, go: seen.append(("post", gi, go)))
    a.sum().backward()
    return seen, x.grad



@scenario
def backward_returns_one_tensor_for_two_inputs(T):
    """The same gradient object for two leaves: each .grad must own its memory (accumulating twice)."""
    class Dup(T.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            r = g * 2
            return r, r

    a, b = T.ones(2, requires_grad=True), T.ones(2, requires_grad=True)
    Dup.apply(a, b).sum().backward()
    Dup.apply(a, b).sum().backward()
    return a.grad, b.grad


test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
