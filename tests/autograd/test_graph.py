"""The graph as users see it: grad_fn, next_functions, is_leaf, detach, hooks, retain_grad, in-place checks."""

from __future__ import annotations

from .harness import make_tests, scenarios

TOPIC = "graph"
SCENARIOS, scenario = scenarios()


def _x(T, values=(1.0, 2.0, 3.0)):
    return T.tensor(list(values), requires_grad=True)


def _names(fns):
    return tuple((None if n is None else type(n).__name__, i) for n, i in fns)


# -- structure ---------------------------------------------------------------------------------------------------
@scenario
def next_functions_mul_scalar(T):
    x = _x(T)
    y = x * 3
    (acc, nr), other = y.grad_fn.next_functions
    return _names(y.grad_fn.next_functions), acc.variable is x, nr, other, acc.next_functions


@scenario
def next_functions_chain(T):
    x = _x(T)
    z = (x * 2).sum()
    return _names(z.grad_fn.next_functions), _names(z.grad_fn.next_functions[0][0].next_functions)


@scenario
def next_functions_constant_operand(T):
    x = _x(T)
    c = T.tensor([1.0, 1.0, 1.0])
    return _names((x + c).grad_fn.next_functions), _names((c + x).grad_fn.next_functions)


@scenario
def accumulate_grad_shared(T):
    x = _x(T)
    a, b = x * 2, x * 3
    return a.grad_fn.next_functions[0][0] is b.grad_fn.next_functions[0][0]


@scenario
def node_names(T):
    x = _x(T)
    acc = (x * 2).grad_fn.next_functions[0][0]
    return (x * 2).grad_fn.name(), x.exp().grad_fn.name(), (x @ x).grad_fn.name(), acc.name(), x.sum().grad_fn.name()


@scenario
def leaf_rules(T):
    x = _x(T)
    c = T.tensor([1.0])
    y = x * 2
    with T.no_grad():
        w = x * 2
    return (x.is_leaf, c.is_leaf, y.is_leaf, w.is_leaf, y.detach().is_leaf, x.grad_fn, w.grad_fn, w.requires_grad,
            y.requires_grad)


@scenario
def detach_shares_memory(T):
    x = _x(T)
    y = x * 2
    d = y.detach()
    d[0] = 100.0
    return y, d, d.requires_grad, d.grad_fn


@scenario
def detach_in_place(T):
    x = _x(T)
    y = x * 2
    r = y.detach_()
    return r is y, y.requires_grad, y.is_leaf, y.grad_fn


@scenario
def detach_stops_gradient(T):
    x = _x(T)
    y = x * x.detach()
    y.sum().backward()
    return x.grad


@scenario
def requires_grad_flag(T):
    x = T.tensor([1.0, 2.0])
    r = x.requires_grad_()
    y = x * 2
    x.requires_grad_(False)
    return r is x, x.requires_grad, y.requires_grad, (x * 2).requires_grad


@scenario
def requires_grad_setter(T):
    x = T.tensor([1.0, 2.0])
    x.requires_grad = True
    (x * x).sum().backward()
    return x.grad


@scenario
def error_requires_grad_integer(T):
    T.tensor([1, 2]).requires_grad_()


@scenario
def error_requires_grad_false_nonleaf(T):
    (_x(T) * 2).requires_grad_(False)


@scenario
def requires_grad_true_nonleaf_ok(T):
    y = _x(T) * 2
    return y.requires_grad_() is y


@scenario
def nonleaf_grad_is_none(T):
    y = _x(T) * 2
    y.sum().backward()
    return y.grad


# -- retain_grad -------------------------------------------------------------------------------------------------
@scenario
def retain_grad_basic(T):
    x = _x(T)
    y = x * 2
    y.retain_grad()
    (y * y).sum().backward()
    return y.grad, y.retains_grad, x.retains_grad, x.grad


@scenario
def retain_grad_accumulates(T):
    x = _x(T)
    y = x * 2
    y.retain_grad()
    y.sum().backward(retain_graph=True)
    first = y.grad
    (y * 3).sum().backward()
    return first, y.grad, first is y.grad


@scenario
def retain_grad_on_leaf_noop(T):
    x = _x(T)
    x.retain_grad()
    (x * 2).sum().backward()
    return x.grad, x.retains_grad


@scenario
def error_retain_grad_no_grad(T):
    T.tensor([1.0]).retain_grad()


# -- tensor hooks ------------------------------------------------------------------------------------------------
@scenario
def hook_order_and_retain_grad(T):
    log = []
    x = _x(T)
    y = x * 2
    y.register_hook(lambda g: log.append(("h1", g.tolist())))
    y.register_hook(lambda g: g * 10)
    y.register_hook(lambda g: log.append(("h3", g.tolist())))
    y.retain_grad()
    y.register_hook(lambda g: g + 1)  # registered after retain_grad, still runs before it
    y.sum().backward()
    return log, y.grad, x.grad


@scenario
def hook_on_leaf(T):
    x = _x(T)
    x.register_hook(lambda g: g * 3)
    (x * x).sum().backward()
    return x.grad


@scenario
def hook_removed(T):
    x = _x(T)
    y = x * 3
    h = y.register_hook(lambda g: g * 100)
    h.remove()
    h.remove()
    y.sum().backward()
    return x.grad


@scenario
def hook_removed_on_leaf(T):
    x = _x(T)
    h = x.register_hook(lambda g: g * 100)
    (x * 3).sum().backward()
    first = x.grad.clone()
    h.remove()
    (x * 3).sum().backward()
    return first, x.grad


@scenario
def hook_sees_accumulated_gradient(T):
    seen = []
    x = _x(T)
    y = x * 2
    y.register_hook(lambda g: seen.append(g.tolist()))
    (y * y + y).sum().backward()
    return seen


@scenario
def hook_runs_per_backward(T):
    seen = []
    x = _x(T)
    x.register_hook(lambda g: seen.append(g.tolist()))
    (x * 2).sum().backward()
    (x * 3).sum().backward()
    return seen, x.grad


@scenario
def error_hook_on_no_grad(T):
    T.tensor([1.0]).register_hook(lambda g: g)


@scenario
def error_hook_changes_size(T):
    y = _x(T) * 2
    y.register_hook(lambda g: T.ones(4))
    y.sum().backward()


@scenario
def error_hook_changes_type(T):
    y = _x(T) * 2
    y.register_hook(lambda g: g.double())
    y.sum().backward()


@scenario
def error_hook_returns_float(T):
    y = _x(T) * 2
    y.register_hook(lambda g: 3.0)
    y.sum().backward()


@scenario
def error_named_hook_on_leaf(T):
    x = _x(T)

    def my_hook(g):
        return T.ones(1)

    x.register_hook(my_hook)
    (x * 2).sum().backward()


@scenario
def post_accumulate_grad_hook(T):
    log = []
    x = _x(T)
    x.register_hook(lambda g: g * 3)
    x.register_post_accumulate_grad_hook(lambda t: log.append(t.grad.tolist()))
    (x * x).sum().backward()
    (x * x).sum().backward()
    return log, x.grad


@scenario
def post_accumulate_grad_hook_not_in_grad(T):
    log = []
    x = _x(T)
    x.register_post_accumulate_grad_hook(lambda t: log.append(1))
    return T.autograd.grad((x * 3).sum(), x), log


@scenario
def error_post_accumulate_on_nonleaf(T):
    (_x(T) * 2).register_post_accumulate_grad_hook(lambda t: None)


# -- node hooks --------------------------------------------------------------------------------------------------
@scenario
def node_hooks_order(T):
    log = []
    x = _x(T)
    y = x * 2
    y.grad_fn.register_prehook(lambda go: log.append(("node-pre", go[0].tolist())) or (go[0] * 10,))
    y.register_hook(lambda g: log.append(("tensor", g.tolist())) or g + 1)
    y.retain_grad()
    y.grad_fn.register_hook(lambda gi, go: log.append(("post", [None if g is None else g.tolist() for g in gi],
                                                       [g.tolist() for g in go])))
    x.register_hook(lambda g: log.append(("leaf", g.tolist())))
    y.sum().backward()
    return log, y.grad, x.grad


@scenario
def node_post_hook_replaces(T):
    x = _x(T)
    z = x * 3
    z.grad_fn.register_hook(lambda gi, go: (gi[0] * 0 + 7, None))
    z.sum().backward()
    return x.grad


@scenario
def node_post_hook_tuple_lengths(T):
    x, c = _x(T), T.tensor([1.0, 2.0, 3.0])
    z = x * c
    seen = []
    z.grad_fn.register_hook(lambda gi, go: seen.append((len(gi), gi[1], len(go))))
    z.sum().backward()
    return seen


@scenario
def node_hook_removed(T):
    x = _x(T)
    z = x * 3
    h = z.grad_fn.register_prehook(lambda go: (go[0] * 0,))
    h.remove()
    z.sum().backward()
    return x.grad


@scenario
def error_node_hook_wrong_count(T):
    x = _x(T)
    z = x * 3
    z.grad_fn.register_hook(lambda gi, go: (gi[0],))
    z.sum().backward()


@scenario
def error_node_prehook_not_tuple(T):
    x = _x(T)
    z = x * 3
    z.grad_fn.register_prehook(lambda go: go[0])
    z.sum().backward()


@scenario
def error_node_prehook_size(T):
    x = _x(T)
    z = x * 3
    z.grad_fn.register_prehook(lambda go: (T.ones(5),))
    z.sum().backward()


@scenario
def error_node_post_hook_size(T):
    x = _x(T)
    z = x * 3
    z.grad_fn.register_hook(lambda gi, go: (T.ones(5), None))
    z.sum().backward()


# -- in-place modification of saved tensors ----------------------------------------------------------------------
@scenario
def error_inplace_saved_input(T):
    a = _x(T)
    b = a * 2
    y = b.sin()
    b.mul_(3)
    y.sum().backward()


@scenario
def error_inplace_saved_input_add(T):
    a = _x(T)
    b = a * 1
    y = b.sin()
    b.add_(1)
    y.sum().backward()


@scenario
def error_inplace_saved_input_no_grad(T):
    a = _x(T)
    b = a.double()
    y = b.sin()
    with T.no_grad():
        b.mul_(2)
    y.sum().backward()


@scenario
def error_inplace_saved_sum_dim(T):
    a = T.ones(2, 3, requires_grad=True)
    b = a.sum(0)
    y = b.sin()
    with T.no_grad():
        b.mul_(2)
    y.sum().backward()


@scenario
def error_inplace_saved_leaf_without_grad(T):
    w = _x(T)
    b = T.ones(2, 3)
    y = b * w
    b.add_(1)
    y.sum().backward()


@scenario
def error_inplace_saved_leaf_via_detach(T):
    w = _x(T)
    d = w.detach()
    y = w.sin()
    d.add_(1)
    y.sum().backward()


@scenario
def error_inplace_twice_version(T):
    a = _x(T)
    b = a * 2
    y = b.cos()
    b.add_(1)
    b.add_(1)
    y.sum().backward()


@scenario
def error_inplace_leaf(T):
    _x(T).add_(1)


@scenario
def error_setitem_leaf(T):
    x = _x(T)
    x[0] = 5.0


@scenario
def setitem_nonleaf_gradient(T):
    x = _x(T)
    y = x * 2
    y[1] = 0.0
    y.sum().backward()
    return y, x.grad


@scenario
def variable_is_a_tensor(T):
    from_tensor = T.tensor([1.0, 2.0])
    v = T.autograd.Variable(from_tensor, requires_grad=True)
    w = T.autograd.Variable(_x(T) * 2)
    return (v, v is from_tensor, from_tensor.requires_grad, isinstance(from_tensor, T.autograd.Variable),
            w.requires_grad, w.is_leaf, w.grad_fn)


@scenario
def error_variable_of_number(T):
    T.autograd.Variable(3.0)


@scenario
def inplace_leaf_no_grad_ok(T):
    x = _x(T)
    with T.no_grad():
        x.add_(1)
    (x * x).sum().backward()
    return x, x.grad


@scenario
def inplace_nonleaf_gradient(T):
    x = _x(T)
    y = x * 2
    y.mul_(3)
    y.add_(1)
    y.sum().backward()
    return y.grad_fn, x.grad


@scenario
def inplace_not_saved_ok(T):
    x = _x(T)
    y = x * 2
    z = y + 1
    y.add_(5)
    z.sum().backward()
    return x.grad


@scenario
def grad_warning_nonleaf(T):
    import warnings

    y = _x(T) * 2
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        g = y.grad
    return g, [str(m.message).split(" Its .grad")[0] for m in w]


SCENARIO_NAMES = list(SCENARIOS)

@scenario
def next_functions_of_ops_with_numbers(T):
    """torch's edges: a Python number argument is no input of pow/clamp/remainder/where/lerp nodes, a wrapped one
    of mul/add; reflected operators keep the tensor first; add with alpha is one AddBackward0."""
    x = T.tensor([1.0, -2.0], requires_grad=True)
    y = T.tensor([3.0, 4.0], requires_grad=True)
    exprs = {"x * 2": x * 2, "2 * x": 2 * x, "2 + x": 2 + x, "2 - x": 2 - x, "x ** 2": x ** 2, "2 ** x": 2 ** x,
             "clamp": x.clamp(0, 1), "clamp_min": x.clamp(min=0), "where": T.where(x > 0, x, 0.0),
             "remainder": x % 2, "fmod": x.fmod(2), "lerp": x.lerp(y, 0.5), "add_alpha": x.add(y, alpha=2),
             "sub_alpha": x.sub(y, alpha=0.5)}
    out = {k: (type(v.grad_fn).__name__, [None if n is None else type(n).__name__ for n, _ in
                                          v.grad_fn.next_functions]) for k, v in exprs.items()}
    x.add(y, alpha=2).sum().backward()
    return out, x.grad, y.grad


test_matches_golden, test_matches_torch = make_tests(TOPIC, SCENARIOS)
