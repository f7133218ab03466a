"""nn.Module and Parameter against torch: registration, names and order, state_dict, errors, hooks, modes,
conversions, containers and reprs (scenarios run under both libraries; golden: tests/golden/nn/module.json)."""

from __future__ import annotations

import copy
import pickle
from collections import OrderedDict

import numpy as np

from tests.nn.scenarios import error, make_scenario_tests, rand, set_params, warned


def _net(T):
    nn = T.nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 4)
            self.bn = nn.BatchNorm1d(4)
            self.register_buffer("scale", T.ones(4))
            self.register_buffer("tmp", T.zeros(2), persistent=False)

        def forward(self, x):
            return self.bn(self.fc(x)) * self.scale

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.block = Block()
            self.act = nn.ReLU()
            self.head = nn.Sequential(OrderedDict([("drop", nn.Dropout(0.1)), ("out", nn.Linear(4, 2))]))
            self.alpha = nn.Parameter(T.tensor(0.5))

        def forward(self, x):
            return self.head(self.act(self.block(x))) * self.alpha

    return Net()


def names_and_order(T):
    net = _net(T)
    shared = T.nn.Linear(2, 2)
    tied = T.nn.Sequential(shared, T.nn.ReLU(), shared)
    return {
        "parameters": [[n, list(p.shape)] for n, p in net.named_parameters()],
        "parameters_prefix": [n for n, _ in net.named_parameters(prefix="model")],
        "parameters_norecurse": [n for n, _ in net.named_parameters(recurse=False)],
        "buffers": [[n, list(b.shape), str(b.dtype)] for n, b in net.named_buffers()],
        "modules": [[n, type(m).__name__] for n, m in net.named_modules()],
        "children": [[n, type(m).__name__] for n, m in net.named_children()],
        "n_params": len(list(net.parameters())),
        "state_dict": [[k, list(v.shape), v.requires_grad] for k, v in net.state_dict().items()],
        "state_dict_keep_vars": [type(v).__name__ for v in net.state_dict(keep_vars=True).values()],
        "metadata": {k: dict(v) for k, v in net.state_dict()._metadata.items()},
        "tied_params": [n for n, _ in tied.named_parameters()],
        "tied_params_dup": [n for n, _ in tied.named_parameters(remove_duplicate=False)],
        "tied_modules": [n for n, _ in tied.named_modules()],
        "tied_modules_dup": [n for n, _ in tied.named_modules(remove_duplicate=False)],
        "tied_state": list(tied.state_dict()),
        "repr": repr(net),
        "dir_has": [k in dir(net) for k in ("block", "alpha", "forward", "training", "head")],
        "get_submodule": type(net.get_submodule("head.out")).__name__,
        "get_parameter": list(net.get_parameter("block.fc.weight").shape),
        "get_buffer": list(net.get_buffer("block.bn.running_var").shape),
        "getattr_param": type(net.alpha).__name__,
    }


def registration_errors(T):
    nn = T.nn

    class NoInit(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)

    class NoInitParam(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(T.ones(1))

    class NoInitBuffer(nn.Module):
        def __init__(self):
            self.register_buffer("b", T.ones(1))

    lin = nn.Linear(2, 2)
    out = {
        "module_before_init": error(NoInit),
        "param_before_init": error(NoInitParam),
        "buffer_before_init": error(NoInitBuffer),
        "tensor_as_param": error(lambda: setattr(lin, "weight", T.ones(2, 2))),
        "int_as_module": error(lambda: setattr(nn.Sequential(nn.ReLU()), "0", 3)),
        "missing_attr": error(lambda: lin.foo),
        "register_existing": error(lambda: lin.register_buffer("in_features", T.ones(1))),
        "register_dot": error(lambda: lin.register_buffer("a.b", T.ones(1))),
        "register_empty": error(lambda: lin.register_parameter("", None)),
        "register_not_param": error(lambda: lin.register_parameter("w2", T.ones(1))),
        "register_non_leaf": error(lambda: lin.register_parameter("w2", nn.Parameter(T.ones(1)) * 2)),
        "buffer_not_tensor": error(lambda: lin.register_buffer("b", 3)),
        "add_module_not_module": error(lambda: lin.add_module("m", 3)),
        "add_module_dot": error(lambda: lin.add_module("a.b", nn.ReLU())),
        "get_submodule_missing": error(lambda: nn.Sequential(lin).get_submodule("0.foo")),
        "get_submodule_not_module": error(lambda: nn.Sequential(lin).get_submodule("0.weight")),
        "get_parameter_missing": error(lambda: nn.Sequential(lin).get_parameter("0.foo")),
        "get_parameter_not_param": error(lambda: nn.Sequential(lin).get_parameter("0.in_features")),
        "forward_missing": error(lambda: nn.Module()(T.ones(1))),
        "to_int": error(lambda: lin.to(T.int64)),
        "cuda": error(lambda: lin.cuda()),
        "to_cuda": error(lambda: lin.to("cuda")),
        "cuda_no_params": error(lambda: nn.ReLU().cuda()),
        "train_not_bool": error(lambda: lin.train("yes")),
    }
    lin.extra = T.ones(3)  # a plain tensor attribute is neither a parameter nor a buffer
    lin.register_buffer("buf", T.zeros(1))
    lin.buf = T.ones(2)  # assigning to a buffer name replaces the buffer
    lin.weight = None  # a parameter may be set to None
    out["after_assign"] = [list(lin.state_dict()), [n for n, _ in lin.named_buffers()]]
    del lin.buf
    del lin.extra
    out["after_del"] = [list(lin.state_dict()), hasattr(lin, "extra")]
    return out


def state_dict_roundtrip(T):
    nn = T.nn
    src = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    set_params(T, src, {"0.weight": rand((2, 3), 1), "0.bias": rand((2,), 2)})
    dst = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    sd = src.state_dict()
    res = dst.load_state_dict(sd)
    lin = nn.Linear(2, 2)
    good = {"weight": T.ones(2, 2), "bias": T.zeros(2)}
    return {
        "result": repr(res),
        "keys": list(sd),
        "copied": dst[0].weight,
        "still_param": [type(dst[0].weight).__name__, dst[0].weight.requires_grad],
        "detached": [v.requires_grad for v in sd.values()],
        "strict_false": repr(lin.load_state_dict({"weight": T.ones(2, 2), "extra": T.ones(1)}, strict=False)),
        "missing": error(lambda: lin.load_state_dict({"weight": T.ones(2, 2)})),
        "unexpected": error(lambda: lin.load_state_dict({**good, "extra": T.ones(1)})),
        "size_mismatch": error(lambda: lin.load_state_dict({"weight": T.ones(3, 2), "bias": T.zeros(2)})),
        "all_errors": error(lambda: nn.Sequential(nn.Linear(2, 2)).load_state_dict(
            {"0.weight": T.ones(3, 2), "1.bias": T.ones(2), "foo": T.ones(1)})),
        "not_mapping": error(lambda: lin.load_state_dict([1, 2])),
        "assign": [lin.load_state_dict(good, assign=True) is not None, type(lin.weight).__name__,
                   lin.weight.requires_grad, lin.weight],
        "fields": list(lin.load_state_dict(good)._fields),
    }


def hooks(T):
    nn = T.nn
    lin = nn.Linear(2, 2)
    set_params(T, lin, {"weight": [[1.0, 2.0], [3.0, 4.0]], "bias": [0.5, -0.5]})
    calls = []

    def pre(module, args):
        calls.append(["pre", type(module).__name__, len(args)])
        return (args[0] * 2,)

    def post(module, args, output):
        calls.append(["post", list(output.shape)])
        return output + 1

    def pre_kw(module, args, kwargs):
        calls.append(["pre_kw", sorted(kwargs)])

    h1 = lin.register_forward_pre_hook(pre)
    h2 = lin.register_forward_hook(post)
    h3 = lin.register_forward_pre_hook(pre_kw, with_kwargs=True)
    x = T.tensor([[1.0, -1.0]])
    hooked = lin(x)
    h1.remove()
    h2.remove()
    h3.remove()
    plain = lin(x)
    order = []
    lin.register_forward_hook(lambda m, a, o: order.append("a"))
    lin.register_forward_hook(lambda m, a, o: order.append("b"), prepend=True)
    lin(x)
    return {"hooked": hooked, "plain": plain, "calls": calls, "order": order}


def backward_hooks(T):
    """register_full_backward_hook / _pre_hook: what the hooks see, replacing grads, removal, grad_fn names."""
    nn = T.nn
    seen = []

    def record(name):
        def hook(m, gin, gout):
            seen.append([name, type(m).__name__, [None if g is None else g for g in gin], list(gout)])
        return hook

    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    set_params(T, model, {"0.weight": rand((4, 3), 1), "0.bias": rand((4,), 2), "2.weight": rand((2, 4), 3),
                          "2.bias": rand((2,), 4)})
    handles = [m.register_full_backward_hook(record(str(i))) for i, m in enumerate(model)]
    x = T.tensor(rand((5, 3), 5), requires_grad=True)
    out = model(x)
    out.pow(2).sum().backward()
    no_input_grad = warned(lambda: model(T.tensor(rand((2, 3), 6))).sum().backward())
    for h in handles:
        h.remove()
    plain = model(x)
    lin = nn.Linear(2, 2)
    set_params(T, lin, {"weight": rand((2, 2), 7), "bias": rand((2,), 8)})
    lin.register_full_backward_pre_hook(lambda m, go: (go[0] * 10,))
    lin.register_full_backward_hook(lambda m, gi, go: (gi[0] * 0.5,))
    xl = T.ones(1, 2, requires_grad=True)
    lin(xl).sum().backward()
    bad = nn.Linear(2, 2)
    bad.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
    bad_pre = nn.Linear(2, 2)
    bad_pre.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))
    return {"seen": seen, "x_grad": x.grad, "grad_fn": [type(out.grad_fn).__name__, type(plain.grad_fn).__name__],
            "no_input_grad": no_input_grad, "replaced": [xl.grad, lin.weight.grad],
            "errors": [error(lambda: bad(T.ones(1, 2, requires_grad=True)).sum().backward()),
                       error(lambda: bad_pre(T.ones(1, 2, requires_grad=True)).sum().backward())]}


def modes_and_conversions(T):
    net = _net(T)
    net.eval()
    eval_flags = [m.training for m in net.modules()]
    net.train()
    train_flags = [m.training for m in net.modules()]
    net.head.train(False)
    mixed = [[n, m.training] for n, m in net.named_modules()]
    net.requires_grad_(False)
    frozen = [p.requires_grad for p in net.parameters()]
    net.requires_grad_()
    w = net.block.fc.weight
    net.double()
    same_object = net.block.fc.weight is w
    dtypes = [[n, str(t.dtype)] for n, t in list(net.named_parameters()) + list(net.named_buffers())]
    net.float()
    back = [str(p.dtype) for p in net.parameters()]
    net.to(T.float64)
    to_dtype = [str(p.dtype) for p in net.parameters()]
    net.to(T.zeros(1, dtype=T.float32))
    to_tensor = [str(p.dtype) for p in net.parameters()]
    net.half()
    half = str(net.alpha.dtype)
    net.to("cpu", T.float32)
    visited = []
    net.apply(lambda m: visited.append(type(m).__name__))
    returns_self = [net.train() is net, net.eval() is net, net.to(T.float32) is net, net.float() is net,
                    net.apply(lambda m: None) is net, net.cpu() is net, net.requires_grad_() is net]
    return {"eval": eval_flags, "train": train_flags, "mixed": mixed, "frozen": frozen, "same_object": same_object,
            "dtypes": dtypes, "back": back, "to_dtype": to_dtype, "to_tensor": to_tensor, "half": half,
            "visited": visited, "returns_self": returns_self}


def zero_grad(T):
    nn = T.nn
    lin = nn.Linear(2, 1)
    set_params(T, lin, {"weight": [[1.0, -2.0]], "bias": [0.25]})
    lin(T.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
    grads = [lin.weight.grad, lin.bias.grad]
    lin.zero_grad(set_to_none=False)
    zeroed = [lin.weight.grad, lin.bias.grad]
    lin(T.tensor([[1.0, 1.0]])).sum().backward()
    accumulated = lin.weight.grad
    lin.zero_grad()
    return {"grads": grads, "zeroed": zeroed, "accumulated": accumulated, "none": lin.weight.grad is None}


def parameter(T):
    nn = T.nn
    src = T.tensor([[1.0, 2.0], [3.0, 4.0]])
    p = nn.Parameter(src)
    with T.no_grad():
        src[0, 0] = 10.0  # Parameter shares the tensor's memory
    q = copy.deepcopy(p)
    with T.no_grad():
        q[0, 1] = -1.0
    frozen = nn.Parameter(T.tensor([1.0, 2.0]), requires_grad=False)
    big = nn.Parameter(T.tensor(rand((3, 20), 3)))
    return {
        "repr": repr(p), "str": str(p), "repr_frozen": repr(frozen), "repr_empty": repr(nn.Parameter()),
        "repr_big": repr(big), "repr_int": repr(nn.Parameter(T.tensor([1, 2]), requires_grad=False)),
        "is_tensor": [isinstance(p, T.Tensor), T.is_tensor(p), p.is_leaf, p.requires_grad],
        "op_types": [type(p * 2).__name__, type(p.detach()).__name__, type(p.data).__name__, type(p[0]).__name__,
                     type(p.clone()).__name__, type(p.to(T.float32)).__name__],
        "shared": p, "deepcopy": [q, p, type(q).__name__, q.requires_grad],
        "int_error": error(lambda: nn.Parameter(T.tensor([1, 2]))),
        "grad_fn_of_op": type((p * 2).grad_fn).__name__,
    }


def containers(T):
    nn = T.nn
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    named = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    sl = seq[1:]
    seq2 = nn.Sequential(nn.ReLU(), nn.Sigmoid(), nn.Tanh())
    seq2.append(nn.ReLU6())
    seq2.insert(1, nn.Identity())
    seq2.extend([nn.SiLU()])
    del seq2[0]
    popped = seq2.pop(0)
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    ml.append(nn.ReLU())
    ml.extend([nn.ReLU(), nn.Tanh()])
    ml.insert(0, nn.Sigmoid())
    md = nn.ModuleDict({"b": nn.ReLU(), "a": nn.Tanh()})
    md["c"] = nn.Linear(1, 1)
    md_popped = md.pop("b")
    pl = nn.ParameterList([nn.Parameter(T.ones(2, 3)), T.zeros(4, dtype=T.float64)])
    pd = nn.ParameterDict({"w": nn.Parameter(T.ones(2)), "b": T.zeros(3)})
    return {
        "seq_repr": repr(seq), "named_repr": repr(named), "slice_repr": repr(sl), "slice_type": type(sl).__name__,
        "len": len(seq), "index": type(seq[-1]).__name__, "iter": [type(m).__name__ for m in seq],
        "seq2": repr(seq2), "popped": repr(popped), "seq_add": repr(seq[0:1] + seq2[0:1]),
        "seq_mul": [n for n, _ in (nn.Sequential(nn.ReLU()) * 3).named_modules()],
        "seq_index_error": error(lambda: seq[5]),
        "named_params": [n for n, _ in named.named_parameters()],
        "ml_repr": repr(ml), "ml_len": len(ml), "ml_params": [n for n, _ in ml.named_parameters()],
        "ml_slice": repr(ml[1:3]), "ml_index_error": error(lambda: ml[10]), "ml_call": error(lambda: ml(1)),
        "md_repr": repr(md), "md_keys": list(md.keys()), "md_popped": repr(md_popped), "md_in": "a" in md,
        "pl_repr": repr(pl), "pl_params": [[n, type(p).__name__] for n, p in pl.named_parameters()],
        "pd_repr": repr(pd), "pd_keys": list(pd.keys()), "pd_params": [n for n, _ in pd.named_parameters()],
        "pl_call": error(lambda: pl(1)),
        "empty": [repr(nn.Sequential()), repr(nn.ModuleList()), repr(nn.ModuleDict())],
        "forward": seq2(T.tensor([[-1.0, 0.5]])),
        "forward_args_error": error(lambda: seq(T.ones(1, 2), 3)),
    }


def layer_reprs(T):
    nn = T.nn
    modules = [
        nn.Linear(3, 4), nn.Linear(3, 4, bias=False), nn.Bilinear(2, 3, 4), nn.Identity(54, unused="x"),
        nn.Flatten(), nn.Flatten(0, 2), nn.Unflatten(1, (2, 5)), nn.Dropout(), nn.Dropout(0.2, True),
        nn.BatchNorm1d(3), nn.BatchNorm1d(3, momentum=None, affine=False, track_running_stats=False),
        nn.BatchNorm2d(8, eps=1e-3), nn.LayerNorm(3), nn.LayerNorm([3, 4], elementwise_affine=False),
        nn.LayerNorm(3, bias=False), nn.Embedding(10, 3), nn.Embedding(10, 3, padding_idx=-1, max_norm=1.0),
        nn.ReLU(), nn.ReLU(inplace=True), nn.LeakyReLU(), nn.LeakyReLU(0.2, True), nn.ELU(), nn.ELU(0.5, True),
        nn.CELU(), nn.SELU(), nn.GELU(), nn.GELU("tanh"), nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.Softmax(),
        nn.LogSoftmax(1), nn.Softmin(0), nn.Softplus(), nn.Softplus(2, 10), nn.ReLU6(), nn.ReLU6(True),
        nn.Hardtanh(), nn.Hardtanh(-2.0, 2), nn.SiLU(), nn.Mish(), nn.Threshold(0.1, 20), nn.LogSigmoid(),
        nn.Softsign(), nn.Tanhshrink(), nn.Hardswish(), nn.Hardsigmoid(), nn.MSELoss(), nn.L1Loss(),
        nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(), nn.BCELoss(), nn.BCEWithLogitsLoss(pos_weight=T.ones(2)),
        nn.NLLLoss(), nn.CrossEntropyLoss(label_smoothing=0.1),
    ]
    losses = [nn.MSELoss(reduction="sum"), nn.L1Loss(size_average=False), nn.CrossEntropyLoss(reduce=False),
              nn.NLLLoss(weight=T.ones(3)), nn.BCEWithLogitsLoss(weight=T.ones(2), pos_weight=T.ones(2))]
    return {"reprs": [repr(m) for m in modules],
            "loss_reduction": [m.reduction for m in losses],
            "loss_state": [list(m.state_dict()) for m in losses],
            "legacy_warning": warned(lambda: nn.MSELoss(size_average=False)),
            "hardtanh_error": error(lambda: nn.Hardtanh(1.0, -1.0)),
            "dropout_error": error(lambda: nn.Dropout(1.5)),
            "embedding_error": error(lambda: nn.Embedding(5, 2, padding_idx=5)),
            "bn_buffers": [[n, str(b.dtype), b] for n, b in nn.BatchNorm1d(2).named_buffers()],
            "bn_params": [[n, p] for n, p in nn.BatchNorm1d(2).named_parameters()],
            "ln_params": [[n, p] for n, p in nn.LayerNorm((2, 2)).named_parameters()]}


def copies(T):
    net = _net(T)
    net.eval()
    x = T.tensor(rand((2, 3), 4))
    twin = copy.deepcopy(net)
    with T.no_grad():
        twin.block.fc.weight.add_(1.0)
    seq = T.nn.Sequential(T.nn.Linear(3, 4), T.nn.BatchNorm1d(4), T.nn.ReLU()).eval()
    restored = pickle.loads(pickle.dumps(seq))  # local classes cannot be pickled: built-in modules only
    return {"same_output": bool((restored(x) == seq(x)).all()), "independent": bool((twin(x) != net(x)).any()),
            "types": [type(p).__name__ for p in twin.parameters()], "repr": repr(twin) == repr(net),
            "keys": list(restored.state_dict()), "training": [twin.training, restored.training],
            "kwargs_forward": T.nn.Linear(3, 1).forward.__name__}


def linear_regression_notebook(T):
    """The first seed notebook's model, written exactly as learners write it."""

    class LinearRegression(T.nn.Module):
        def __init__(self):
            super(LinearRegression, self).__init__()  # noqa: UP008 - the notebook's spelling
            self.linear = T.nn.Linear(1, 1)

        def forward(self, x):
            return self.linear(x)

    model = LinearRegression()
    set_params(T, model, {"linear.weight": [[0.3]], "linear.bias": [-0.1]})
    x = T.tensor(np.linspace(0, 1, 8, dtype=np.float32).reshape(-1, 1))
    y = 2 * x + 1
    criterion = T.nn.MSELoss()
    losses = []
    for _ in range(5):
        loss = criterion(model(x), y)
        model.zero_grad()
        loss.backward()
        with T.no_grad():
            for p in model.parameters():
                p -= 0.1 * p.grad
        losses.append(loss.item())
    return {"repr": repr(model), "losses": losses, "weight": model.linear.weight, "bias": model.linear.bias,
            "params": [n for n, _ in model.named_parameters()], "pred": model(T.tensor([[2.0]]))}


def learner_errors(T):
    """Mistakes learners make with layers: dtypes the normalizations reject, 0-D input, mismatched shapes."""
    nn, F = T.nn, T.nn.functional

    class NoInitCalled(nn.Module):
        def __init__(self):
            pass

        def forward(self, x):
            return x

    return {
        "call_before_init": error(lambda: NoInitCalled()(T.ones(1))),
        "layer_norm_long": error(lambda: nn.LayerNorm(3)(T.ones(2, 3, dtype=T.long))),
        "layer_norm_double": error(lambda: nn.LayerNorm(3)(T.ones(2, 3, dtype=T.float64))),
        "layer_norm_double_params": error(lambda: nn.LayerNorm(3).double()(T.ones(2, 3))),
        "layer_norm_long_noaffine": error(lambda: nn.LayerNorm(3, elementwise_affine=False)(
            T.ones(2, 3, dtype=T.long))),
        "layer_norm_half": nn.LayerNorm(3)(T.ones(2, 3, dtype=T.float16)).dtype,
        "batch_norm_double": error(lambda: nn.BatchNorm1d(3)(T.ones(2, 3, dtype=T.float64))),
        "batch_norm_long": error(lambda: nn.BatchNorm1d(3)(T.ones(2, 3, dtype=T.long))),
        "batch_norm_eval_double": error(lambda: nn.BatchNorm1d(3).eval()(T.ones(2, 3, dtype=T.float64))),
        "batch_norm_double_params": error(lambda: nn.BatchNorm1d(3).double()(T.ones(2, 3))),
        "batch_norm_no_stats_double": nn.BatchNorm1d(3, affine=False, track_running_stats=False)(
            T.ones(2, 3, dtype=T.float64)).dtype,
        "linear_0d": error(lambda: nn.Linear(1, 2)(T.tensor(3.0))),
        "linear_0d_weight": error(lambda: F.linear(T.ones(2), T.tensor(3.0))),
        "cosine_mismatch": error(lambda: F.cosine_similarity(T.ones(2, 3), T.ones(2, 4))),
        "cosine_long": error(lambda: F.cosine_similarity(T.ones(2, 3, dtype=T.long), T.ones(2, 3, dtype=T.long))),
        "cosine_long_float": F.cosine_similarity(T.ones(2, 3, dtype=T.long), T.ones(2, 3)),
        "relu_of_module": error(lambda: F.relu(nn.ReLU())),
    }


SCENARIOS = {f.__name__: f for f in (names_and_order, registration_errors, state_dict_roundtrip, hooks, backward_hooks,
                                     modes_and_conversions, zero_grad, parameter, containers, layer_reprs,
                                     copies, linear_regression_notebook, learner_errors)}

GROUP = "module"
globals().update(make_scenario_tests(GROUP, SCENARIOS))
