"""Random numbers, bit for bit as PyTorch 2.13's CPU generator draws them.

``torchless.Generator`` is torch's mt19937 generator (same seeding, same 5056-byte state tensors, same normal
caches); the draws (``rand``, ``randn``, ``randint``, ``randperm``, ``normal``, ``bernoulli``, ``multinomial`` and
the in-place ``uniform_``, ``normal_``, ``random_``, ``bernoulli_``, ``exponential_``, ``cauchy_``,
``log_normal_``, ``geometric_``) give torch's values for the same seed and call sequence, for every size and on
non-contiguous views (torch fills a tensor in memory order). The engine lives in ``torchless._random``.
"""

from __future__ import annotations

import contextlib
import math
import numbers

import numpy as np

from . import _dtype as D
from ._creation import _is_int, _size, _size_seq
from ._device import device as _device
from ._random import kernels as K
from ._random import layout as L
from ._random import ranges as R
from ._random.generator import DEFAULT_RNG_SEED, CPUGenerator, nondeterministic_seed
from ._tensor import Tensor, _tp_name, invalid_arguments
from .autograd import grad_mode
from .ops._op import KEEP, adopt_inplace, check_inplace, defop

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state",
           "set_rng_state", "rand", "rand_like", "randn", "randn_like", "randint", "randint_like", "randperm",
           "normal", "bernoulli", "multinomial"]

_grad = grad_mode._state
_F16, _F32, _F64 = D.float16, D.float32, D.float64
# ====================================================================================================== Generator
class Generator:
    """torch.Generator for the CPU: mt19937, seeded and saved exactly as torch seeds and saves it.

    A new generator starts from torch's fixed default seed (67280421310721); ``default_generator`` from a
    seed drawn from the OS, different in every process.
    """

    __slots__ = ("_impl", "__weakref__")

    def __init__(self, device="cpu") -> None:
        dev = _device(device)
        if dev.type != "cpu":
            raise RuntimeError(f"torchless: only CPU generators are supported, got device '{dev}'")
        self._impl = CPUGenerator(DEFAULT_RNG_SEED)

    @property
    def device(self) -> _device:
        return _device("cpu")

    def manual_seed(self, seed) -> Generator:
        """Seed the generator (any int in [-2**63, 2**64); negative seeds wrap to unsigned). Returns self."""
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        seed = int(seed)
        if not R.INT64_MIN <= seed < 1 << 64:
            raise ValueError("Overflow when unpacking long long")
        self._impl.manual_seed(seed & 0xFFFFFFFFFFFFFFFF)
        return self

    def seed(self) -> int:
        """Re-seed from the OS and return the new seed."""
        s = nondeterministic_seed()
        self._impl.manual_seed(s)
        return s

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with."""
        return self._impl.initial_seed

    def get_state(self) -> Tensor:
        """The generator's state as a 5056-element uint8 tensor (torch's ``CPUGeneratorImplState`` bytes)."""
        return Tensor._make(self._impl.get_state())

    def set_state(self, new_state) -> Generator:
        """Restore a state from ``get_state`` (torchless's or torch's own). Returns self."""
        self._impl.set_state(_state_bytes(new_state))
        return self

    def clone_state(self) -> Generator:
        g = Generator()
        g._impl.set_state(self._impl.get_state())
        return g

    def __reduce__(self):
        return (_rebuild_generator, (bytes(self._impl.get_state()),))

    def __repr__(self) -> str:
        return f"<torch._C.Generator object at {hex(id(self))}>"


def _rebuild_generator(state: bytes) -> Generator:
    g = Generator()
    g._impl.set_state(np.frombuffer(state, np.uint8))
    return g


def _state_bytes(new_state) -> np.ndarray:
    if isinstance(new_state, Tensor):
        if new_state.dtype is not D.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        return new_state._data
    if str(getattr(new_state, "dtype", "")) == "torch.uint8" and hasattr(new_state, "numpy"):
        return np.asarray(new_state.detach().cpu().numpy())  # a real torch.ByteTensor
    if hasattr(new_state, "dtype") and hasattr(new_state, "shape") and not isinstance(new_state, np.ndarray):
        raise TypeError("RNG state must be a torch.ByteTensor")
    raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")


default_generator = Generator()
default_generator._impl.manual_seed(nondeterministic_seed())


def manual_seed(seed) -> Generator:
    """Seed the default generator (``int(seed)`` first, as torch does). Returns the default generator."""
    return default_generator.manual_seed(int(seed))


def seed() -> int:
    """Seed the default generator from the OS; returns the seed."""
    return default_generator.seed()


def initial_seed() -> int:
    """The default generator's current seed."""
    return default_generator.initial_seed()


def get_rng_state() -> Tensor:
    """The default generator's state (uint8 tensor, interchangeable with ``torch.get_rng_state()``)."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """Restore the default generator's state."""
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, _caller: str = "fork_rng", _devices_kw: str = "devices",
             device_type: str = "cuda"):
    """Run a block with the CPU generator's state saved before and restored after."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)


def _impl(generator, fn: str) -> CPUGenerator:
    if generator is None:
        return default_generator._impl
    if isinstance(generator, Generator):
        return generator._impl
    raise TypeError(f"{fn}(): argument 'generator' must be torch.Generator, not {type(generator).__name__}")


# ====================================================================================================== plumbing
def _parse_size(size, fn: str) -> tuple:
    """``*size`` as torch takes it: ints, or one tuple/list/Size of ints (``_creation._size``'s errors, except
    that several sequences match none of rand's overloads)."""
    if len(size) > 1 and any(isinstance(s, (tuple, list)) for s in size):
        raise invalid_arguments(fn, size, {}, [_SIZE_SIGNATURE.format("torch.Generator generator, "),
                                               _SIZE_SIGNATURE.format("")])
    return _size(size, fn)


def _size_arg(size: tuple, kw: dict, fn: str, other_args: bool) -> tuple:
    """The shape from ``*size``, or from ``size=`` given by keyword (``torch.rand(size=(2, 3))``)."""
    if kw:
        if set(kw) != {"size"} or size:
            raise TypeError(f"{fn}() got an unexpected keyword argument '{next(iter(set(kw) - {'size'}), 'size')}'")
        return _size_seq(kw["size"], fn, None)
    if not size:
        raise _no_size(fn, other_args)
    return _parse_size(size, fn)


def _given(generator, out, dtype, layout, device, requires_grad, pin_memory) -> bool:
    """Whether any keyword argument of a factory was given."""
    return any(a is not None for a in (generator, out, dtype, layout, device)) or bool(requires_grad or pin_memory)


def _new(shape: tuple, dtype, requires_grad: bool, device) -> tuple:
    if device is not None:
        _device(device)._check_available()
    dt = D.get_default_dtype() if dtype is None else D.to_dtype(dtype)
    return dt, np.empty(shape, dt.np)


def _finish(arr: np.ndarray, requires_grad: bool) -> Tensor:
    t = Tensor._make(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


_SIZE_SIGNATURE = ("(tuple of ints size, *, {}Tensor out = None, torch.dtype dtype = None, torch.layout layout = "
                   "None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)")


def _no_size(fn: str, other_args: bool) -> TypeError:
    """torch's error for ``rand()`` / ``randn()`` called without a size."""
    if other_args:
        return TypeError(f'{fn}() missing 1 required positional arguments: "size"')
    return invalid_arguments(fn, (), {}, [_SIZE_SIGNATURE.format("torch.Generator generator, "),
                                          _SIZE_SIGNATURE.format("")])


def _out(out, shape: tuple | None, fn: str, dtype=None, grad_error: str = "") -> Tensor:
    """``out`` resized to ``shape`` as the ``*_out`` kernels resize it (a new contiguous buffer when the shape
    changes), after torch's checks of its type, its dtype against ``dtype`` and autograd (``fn`` names the op
    as torch's autograd error does, e.g. ``aten::rand``; ``grad_error`` replaces that error's text)."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{fn.removeprefix('aten::')}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if dtype is not None and D.to_dtype(dtype) is not out.dtype:
        raise RuntimeError(f"dtype {D.to_dtype(dtype)._torch_name} does not match dtype of out parameter "
                           f"({out.dtype._torch_name})")
    if out._rg and _grad[0]:
        raise RuntimeError(grad_error or f"{fn}(): functions with out=... arguments don't support automatic "
                           "differentiation, but one of the arguments requires grad.")
    if shape is not None and tuple(out.shape) != tuple(shape):
        out._data = np.empty(shape, out.dtype.np)
    return out


_NODES: dict = {}


def _zero_grad(g, *args, **kw):
    from ._creation import zeros_like

    return zeros_like(g)


def _attach(name: str, arr: np.ndarray, *inputs: Tensor) -> Tensor:
    """Wrap ``arr`` as an op's result whose derivative for every input is zero (torch's random ops)."""
    op = _NODES.get(name)
    if op is None:
        op = _NODES[name] = defop(name, lambda *a, out: out, *([_zero_grad] * len(inputs)), dtype=KEEP)
    return op(*inputs, out=arr)


def _fill_(self: Tensor, node: str, values_of) -> Tensor:
    """Fill ``self`` in place with ``values_of(n)`` (in memory order); bump its version; record ``node``."""
    arr = self._data
    if arr.size:
        L.check_writable(arr)
        L.write(arr, values_of(arr.size))
    self._vc[0] += 1
    if self._rg and _grad[0]:
        res = _attach(node, arr, self)
        adopt_inplace(self, res.grad_fn)  # on a view, the base takes the fill into its history (CopySlices)
    return self


def _float_only(t: Tensor, kernel: str) -> None:
    """The kernel's dtype dispatch, which torch skips for an empty tensor."""
    if t._data.size:
        _check_float(t.dtype, kernel)


def _check_float(dt, kernel: str) -> None:
    if not dt.is_floating_point:
        raise R.not_implemented_for(kernel, dt)


# ====================================================================================================== uniform
def _uniform_bounds(dt, low: float, high: float) -> tuple:
    """``uniform_impl_``'s checks and clamping of ``from``/``to`` to the dtype's range."""
    lo, hi = R.FLOAT_RANGE[dt]
    name = R.META_NAMES[dt]
    if not lo <= low <= hi:
        raise RuntimeError(f"from is out of bounds for {name}")
    if not lo <= high <= hi:
        raise RuntimeError(f"to is out of bounds for {name}")
    if not low <= high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={_fmt(low)} > "
                           f"to={_fmt(high)}")
    if not high - low <= hi:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{dt._torch_name}>::max(), but found "
                           f"to={_fmt(high)} and from={_fmt(low)} which result in to-from to exceed the limit")
    return min(max(low, lo), hi), max(min(high, hi), lo)


def _fmt(x) -> str:
    """A number as torch's C++ stream prints a double (``%g``)."""
    return f"{x:g}" if isinstance(x, float) else str(x)


def uniform_(self: Tensor, from_: float = 0.0, to: float = 1.0, *, generator: Generator | None = None,
             **kw) -> Tensor:
    """Fill ``self`` with uniform numbers in ``[from, to)``, as torch's ``Tensor.uniform_``."""
    if "from" in kw:
        from_ = kw.pop("from")
    check_inplace(self)
    if self.dtype not in R.DIGITS:
        raise R.not_implemented_for("check_uniform_bounds", self.dtype)
    low, high = _uniform_bounds(self.dtype, float(from_), float(to))
    gen = _impl(generator, "uniform_")
    dt = self.dtype.np
    return _fill_(self, "UniformBackward0", lambda n: K.uniform(gen, n, dt, low, high))


def rand(*size, generator: Generator | None = None, out=None, dtype=None, layout=None, device=None,
         requires_grad: bool = False, pin_memory: bool = False,
         **kw) -> Tensor:
    """Uniform numbers in [0, 1) (torch's stream for the generator)."""
    shape = _size_arg(size, kw, "rand", _given(generator, out, dtype, layout, device, requires_grad, pin_memory))
    if out is not None:
        return uniform_(_out(out, shape, "aten::rand", dtype), generator=generator)
    dt, arr = _new(shape, dtype, requires_grad, device)
    if dt not in R.DIGITS:
        raise R.not_implemented_for("check_uniform_bounds", dt)
    if arr.size:
        arr = K.uniform(_impl(generator, "rand"), arr.size, dt.np, 0.0, 1.0).reshape(arr.shape)
    return _finish(arr, requires_grad)


def rand_like(input: Tensor, *, generator: Generator | None = None, dtype=None, layout=None, device=None,
              requires_grad: bool = False, memory_format=None) -> Tensor:
    """``rand`` with ``input``'s shape (and layout, as torch's preserve format)."""
    dt = input.dtype if dtype is None else D.to_dtype(dtype)
    if dt not in R.DIGITS:
        raise R.not_implemented_for("check_uniform_bounds", dt)
    arr = L.empty_like(input._data, dt.np)
    if arr.size:
        gen = _impl(generator, "rand_like")
        L.write(arr, K.uniform(gen, arr.size, dt.np, 0.0, 1.0))
    return _finish(arr, requires_grad)


# ====================================================================================================== normal
def _normal_values(arr: np.ndarray, gen: CPUGenerator, mean: float, std: float) -> np.ndarray:
    vectorised = arr.size >= 16 and arr.flags.c_contiguous
    return K.normal(gen, arr.size, arr.dtype, mean, std, vectorised)


def _normal_into(arr: np.ndarray, gen: CPUGenerator, mean: float, std: float) -> None:
    if arr.size:
        L.write(arr, _normal_values(arr, gen, mean, std))


def _check_std(std: float) -> None:
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_fmt(std)}")


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator: Generator | None = None) -> Tensor:
    """Fill ``self`` with normal numbers (torch's AVX2 fill for contiguous float tensors of 16 or more
    elements, Box-Muller in double one element at a time otherwise)."""
    check_inplace(self)
    mean, std = float(mean), float(std)
    _check_std(std)
    _float_only(self, "normal_kernel_cpu")
    gen = _impl(generator, "normal_")
    arr = self._data
    vectorised = arr.size >= 16 and arr.flags.c_contiguous
    return _fill_(self, "NormalBackward0", lambda n: K.normal(gen, n, arr.dtype, mean, std, vectorised))


def randn(*size, generator: Generator | None = None, out=None, dtype=None, layout=None, device=None,
          requires_grad: bool = False, pin_memory: bool = False,
          **kw) -> Tensor:
    """Standard normal numbers (torch's stream for the generator)."""
    shape = _size_arg(size, kw, "randn", _given(generator, out, dtype, layout, device, requires_grad, pin_memory))
    if out is not None:
        out = _out(out, shape, "randn", dtype, "cannot resize variables that require grad")
        return normal_(out, generator=generator)
    dt, arr = _new(shape, dtype, requires_grad, device)
    if arr.size:
        _check_float(dt, "normal_kernel_cpu")
        arr = _normal_values(arr, _impl(generator, "randn"), 0.0, 1.0).reshape(arr.shape)
    return _finish(arr, requires_grad)


def randn_like(input: Tensor, *, generator: Generator | None = None, dtype=None, layout=None, device=None,
               requires_grad: bool = False, memory_format=None) -> Tensor:
    """``randn`` with ``input``'s shape and layout (a non-contiguous layout takes torch's scalar path)."""
    dt = input.dtype if dtype is None else D.to_dtype(dtype)
    if input._data.size and not dt.is_floating_point:
        raise R.not_implemented_for("normal_kernel_cpu", dt)
    arr = L.empty_like(input._data, dt.np)
    _normal_into(arr, _impl(generator, "randn_like"), 0.0, 1.0)
    return _finish(arr, requires_grad)


_NORMAL_SIGNATURES = [
    "(Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)",
    "(Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)",
    "(float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)",
    "(float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)"]


def normal(mean, std=1.0, size=None, *, generator: Generator | None = None, out=None, dtype=None, layout=None,
           device=None, pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """torch.normal: tensor ``mean`` and/or ``std`` (broadcast), or float ``mean``, ``std`` with a ``size``."""
    gen = _impl(generator, "normal")
    mt, st = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not mt and not st:
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got ({type(mean).__name__}, "
                            f"{type(std).__name__}), but expected one of:\n * (Tensor mean, Tensor std, *, "
                            "torch.Generator generator = None, Tensor out = None)")
        mean, std = float(mean), float(std)
        _check_std(std)
        if not isinstance(size, (tuple, list)) or (size and not _is_int(size[0])):
            raise invalid_arguments("normal", (mean, std, size), {}, _NORMAL_SIGNATURES)
        shape = _size_seq(size, "normal", 3)
        if out is not None:
            return normal_(_out(out, shape, "aten::normal", dtype), mean, std, generator=generator)
        dt, arr = _new(shape, dtype, requires_grad, device)
        if arr.size:
            _check_float(dt, "normal_kernel_cpu")
            arr = _normal_values(arr, gen, mean, std).reshape(shape)
        return _finish(arr, requires_grad)
    if st:
        if std.numel() and not bool((std._data >= 0).all()):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    if mt and not st:  # torch's normal_out_impl: the shape broadcasts mean with out's shape
        std = float(std)
        _check_std(std)
        shape = mean.shape if out is None else np.broadcast_shapes(mean.shape, _broadcast_check(mean, out))
        node, inputs = "NormalBackward1", (mean,)
    elif st and not mt:
        mean = float(mean)
        shape, node, inputs = std.shape, "NormalBackward2", (std,)
    else:
        shape = np.broadcast_shapes(mean.shape, _broadcast_check(mean, std))
        node, inputs = "NormalBackward3", (mean, std)
    if out is None:
        _float_only(inputs[0], "normal_kernel_cpu")
        arr = np.empty(shape, inputs[0].dtype.np)
    else:
        if _grad[0] and any(t._rg for t in inputs):
            raise RuntimeError("normal(): functions with out=... arguments don't support automatic differentiation, "
                               "but one of the arguments requires grad.")
        arr = _out(out, tuple(shape), "normal")._data
        _float_only(out, "normal_kernel_cpu")
    _normal_into(arr, gen, 0.0, std if mt and not st else 1.0)
    if st:
        arr *= std._data
    arr += mean._data if mt else arr.dtype.type(mean)
    if out is not None:
        out._vc[0] += 1
        return out
    if _grad[0] and any(t._rg for t in inputs):
        return _attach(node, arr, *inputs)
    return Tensor._make(arr)


def _broadcast_check(a: Tensor, b: Tensor) -> tuple:
    sa, sb = a.shape, b.shape
    for i in range(1, min(len(sa), len(sb)) + 1):
        x, y = sa[-i], sb[-i]
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at non-singleton "
                               f"dimension {max(len(sa), len(sb)) - i}")
    return tuple(sb)


def log_normal_(self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator: Generator | None = None) -> Tensor:
    """Fill with ``exp(N(mean, std))`` (torch's scalar double normal, sharing its cache)."""
    check_inplace(self)
    mean, std = float(mean), float(std)
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_fmt(std)}")
    _float_only(self, "log_normal_cpu")
    gen = _impl(generator, "log_normal_")
    dt = self.dtype.np
    return _fill_(self, "LogNormalBackward0", lambda n: K.log_normal(gen, n, dt, mean, std))


# ====================================================================================================== integers
_NO_TO = object()


def random_(self: Tensor, *args, generator: Generator | None = None, **kw) -> Tensor:
    """``random_()``, ``random_(to)``, ``random_(from, to)`` (``to=None``: up to the dtype's maximum)."""
    check_inplace(self)
    if "from" in kw:
        args = (kw.pop("from"),) + args
    to = kw.pop("to", _NO_TO)
    if kw:
        raise TypeError(f"random_() got an unexpected keyword argument '{next(iter(kw))}'")
    if len(args) == 2:
        low, high, default, node = args[0], args[1], False, "RandomBackward0"
    elif len(args) == 1 and to is not _NO_TO:
        low, high, default, node = args[0], to, False, "RandomBackward0"
    elif len(args) == 1:
        low, high, default, node = 0, args[0], False, "RandomBackward1"
    elif to is not _NO_TO:
        low, high, default, node = 0, to, False, "RandomBackward1"
    else:
        low, high, default, node = 0, None, True, "RandomBackward2"
    low = R.int_arg(low, "from")
    high = None if high is None else R.int_arg(high, "to")
    values = R.random_values(_impl(generator, "random_"), self.dtype, low, high, default)
    return _fill_(self, node, values)


def _randint_args(args: tuple, kw: dict, fn: str) -> tuple:
    """randint_like's ``(high)`` or ``(low, high)``, positional or by keyword."""
    low, high = kw.pop("low", None), kw.pop("high", None)
    if kw:
        raise TypeError(f"{fn}() got an unexpected keyword argument '{next(iter(kw))}'")
    if len(args) == 2 and low is None and high is None:
        low, high = args
    elif len(args) == 1 and high is None:
        high = args[0]
    elif len(args) == 1 and low is None:
        low = args[0]
    elif args or high is None:
        raise TypeError(f"{fn}() received an invalid combination of arguments")
    return R.int_arg(0 if low is None else low, "low"), R.int_arg(high, "high")


_RANDINT_SIGNATURES = [
    f"({lead}tuple of ints size, *, {gen}Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)"
    for lead in ("int high, ", "int low, int high, ") for gen in ("torch.Generator generator, ", "")]


def _randint_call(args: tuple, kw: dict) -> tuple:
    """randint's ``(high, size)`` or ``(low, high, size)``, positional or by keyword, as ``(low, high, shape)``.
    Like torch's parser it names the bad argument only when one overload fits the arguments' count and keywords,
    and otherwise lists every overload."""
    names = ("high", "size") if len(args) + len(kw) == 2 and "low" not in kw else ("low", "high", "size")
    given = dict(zip(names, args))
    invalid = invalid_arguments("randint", args, kw, _RANDINT_SIGNATURES)
    if len(args) > len(names) or set(kw) - set(names) or set(kw) & set(given) or len(given) + len(kw) != len(names):
        raise invalid
    given.update(kw)
    unique = len(names) == 2 or "low" in kw
    for pos, name in enumerate(names[:-1], 1):
        if not _is_int(given[name]):
            if not unique:
                raise invalid
            where = "" if name in kw else f" (position {pos})"
            raise TypeError(f"randint(): argument '{name}'{where} must be int, not {_tp_name(given[name])}")
    size = given["size"]
    if not unique and (not isinstance(size, (tuple, list)) or (size and not _is_int(size[0]))):
        raise invalid
    shape = _size_seq(size, "randint", None if "size" in kw else len(names))
    return R.int_arg(given.get("low", 0), "low"), R.int_arg(given["high"], "high"), shape


def randint(*args, generator: Generator | None = None, out=None, dtype=None, layout=None, device=None,
            requires_grad: bool = False, pin_memory: bool = False, **kw) -> Tensor:
    """``randint(high, size)`` / ``randint(low, high, size)``: integers in [low, high) (int64 by default)."""
    low, high, shape = _randint_call(args, kw)
    if out is not None:
        return random_(_out(out, shape, "aten::randint", dtype), low, high, generator=generator)
    dt = D.int64 if dtype is None else D.to_dtype(dtype)
    if device is not None:
        _device(device)._check_available()
    arr = np.empty(shape, dt.np)
    values = R.random_values(_impl(generator, "randint"), dt, low, high, False)
    if arr.size:
        arr = values(arr.size).reshape(shape)
    return _finish(arr, requires_grad)


def randint_like(input: Tensor, *args, generator: Generator | None = None, dtype=None, layout=None, device=None,
                 requires_grad: bool = False, memory_format=None, **kw) -> Tensor:
    """``randint`` with ``input``'s shape, dtype and layout."""
    low, high = _randint_args(args, kw, "randint_like")
    dt = input.dtype if dtype is None else D.to_dtype(dtype)
    arr = L.empty_like(input._data, dt.np)
    values = R.random_values(_impl(generator, "randint_like"), dt, low, high, False)
    if arr.size:
        L.write(arr, values(arr.size))
    return _finish(arr, requires_grad)


def randperm(n: int, *, generator: Generator | None = None, out=None, dtype=None, layout=None, device=None,
             requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """A random permutation of ``0..n-1`` (torch's Fisher-Yates on the generator's 32-bit draws)."""
    n = R.int_arg(n, "n")
    dt = D.int64 if dtype is None else D.to_dtype(dtype)
    if out is not None:
        dt = _out(out, None, "aten::randperm", dtype).dtype
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    if dt is D.bool:
        raise R.not_implemented_for("randperm", dt)
    if dt.is_floating_point:
        digits = R.DIGITS[dt]
        if n > (1 << digits) + 1:
            exp = "2049" if dt is _F16 else f"2^{digits}+1"
            raise RuntimeError(f"n cannot be greater than {exp} for {dt._torch_name} type.")
    elif n > 0 and n - 1 > np.iinfo(dt.np).max:
        raise RuntimeError(f"value cannot be converted to type {R.CTYPE_NAMES[dt]} without overflow")
    if device is not None:
        _device(device)._check_available()
    perm = K.randperm(_impl(generator, "randperm"), n)
    if out is not None:
        _out(out, (n,), "aten::randperm")._data[...] = perm
        out._vc[0] += 1
        return out
    return _finish(perm.astype(dt.np) if dt is not D.int64 else perm, requires_grad)


# ====================================================================================================== bernoulli
_P_MSG = ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If "
          "so, please report an enhancement request to PyTorch.)")


def _bernoulli_tensor_values(gen: CPUGenerator, out: np.ndarray, p: Tensor):
    """The p values in ``out``'s fill order (``p`` broadcast to ``out``), checked as torch checks them."""
    if not p.dtype.is_floating_point:
        raise R.not_implemented_for("bernoulli_tensor_cpu_p_", p.dtype)
    pb = L.expand(p, out.shape)
    view = L.memory_order(out)
    perm = L.perm_of(out, view)
    pv = np.ascontiguousarray(pb.transpose(perm)).reshape(-1)
    bad = ~((pv >= 0) & (pv <= 1))
    if bad.any():
        first = int(np.argmax(bad))
        if first:
            K.bernoulli_tensor(gen, pv[:first], out.dtype)  # torch draws for the elements before the bad one
        raise RuntimeError(_P_MSG)
    return lambda n: K.bernoulli_tensor(gen, pv, out.dtype)


def bernoulli_(self: Tensor, p=0.5, *, generator: Generator | None = None) -> Tensor:
    """Fill with 0/1: ``u < p`` for a float ``p`` (double uniforms) or per element of a tensor ``p``."""
    check_inplace(self)
    gen = _impl(generator, "bernoulli_")
    if isinstance(p, Tensor):
        values = _bernoulli_tensor_values(gen, self._data, p) if self._data.size else None
        res = _fill_(self, "BernoulliBackward1", values)
        return res
    p = float(p)
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_fmt(p)}")
    dt = self.dtype.np
    return _fill_(self, "BernoulliBackward2", lambda n: K.bernoulli_scalar(gen, n, dt, p))


def bernoulli(input: Tensor, p=None, *, generator: Generator | None = None, out=None) -> Tensor:
    """0/1 draws with probabilities ``input`` (or a float ``p``), in ``input``'s dtype."""
    if out is not None:
        if p is not None:
            raise TypeError(f"bernoulli() received an invalid combination of arguments - got (Tensor, "
                            f"{type(p).__name__}, out=Tensor), but expected one of:\n * (Tensor input, *, "
                            "torch.Generator generator = None, Tensor out = None)\n * (Tensor input, float p, *, "
                            "torch.Generator generator = None)\n")
        if _grad[0] and input._rg:
            raise RuntimeError("bernoulli(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        return bernoulli_(_out(out, tuple(input.shape), "bernoulli"), input, generator=generator)
    gen = _impl(generator, "bernoulli")
    arr = np.empty(input.shape, input.dtype.np)
    if p is None:
        if arr.size:
            L.write(arr, _bernoulli_tensor_values(gen, arr, input)(arr.size))
        node = "BernoulliBackward0"
    else:
        p = float(p)
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_fmt(p)}")
        if arr.size:
            arr = K.bernoulli_scalar(gen, arr.size, arr.dtype, p).reshape(arr.shape)
        node = "NotImplemented"
    if _grad[0] and input._rg:
        return _attach(node, arr, input)
    return Tensor._make(arr)


def _tensor_bernoulli(self: Tensor, p=None, *, generator: Generator | None = None) -> Tensor:
    return bernoulli(self, p, generator=generator)


# ====================================================================================================== others
def exponential_(self: Tensor, lambd: float = 1.0, *, generator: Generator | None = None) -> Tensor:
    """Fill with exponential numbers: ``-log1p(-u) / lambd``."""
    check_inplace(self)
    lambd = float(lambd)
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_fmt(lambd)}")
    if self._data.size and not self.dtype.is_floating_point:
        raise RuntimeError("Exponential distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {self.dtype._torch_name}")
    gen = _impl(generator, "exponential_")
    dt = self.dtype.np
    return _fill_(self, "ExponentialBackward0", lambda n: K.exponential(gen, n, dt, lambd))


def cauchy_(self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator: Generator | None = None) -> Tensor:
    """Fill with Cauchy numbers: ``median + sigma * tan(pi * (u - 1/2))``."""
    check_inplace(self)
    median, sigma = float(median), float(sigma)
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_fmt(sigma)}")
    if not self.dtype.is_floating_point:
        raise RuntimeError("Cauchy distribution is a continuous probability distribution. dtype must be a floating "
                           f"point but you specified {R.META_NAMES[self.dtype]}")
    gen = _impl(generator, "cauchy_")
    dt = self.dtype.np
    return _fill_(self, "CauchyBackward0", lambda n: K.cauchy(gen, n, dt, median, sigma))


def geometric_(self: Tensor, p: float, *, generator: Generator | None = None) -> Tensor:
    """Fill with geometric numbers (trials to the first success): ``ceil(log(u) / log1p(-p))``."""
    check_inplace(self)
    p = float(p)
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_fmt(p)}")
    if self.dtype is D.bool and self._data.size:
        raise R.not_implemented_for("geometric_cpu", self.dtype)
    gen = _impl(generator, "geometric_")
    dt = self.dtype.np
    return _fill_(self, "GeometricBackward0", lambda n: K.geometric(gen, n, dt, p))


# ====================================================================================================== multinomial
def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator: Generator | None = None,
                out=None) -> Tensor:
    """Indices drawn from the categorical distributions in ``input``'s rows (torch's algorithms: exponential
    keys for draws without replacement or single draws, a binary search of the running sum otherwise)."""
    if out is not None and isinstance(out, Tensor) and out.dtype is not D.int64:
        raise RuntimeError(f"multinomial expects Long tensor out, got: {out.dtype._torch_name}")
    res = _multinomial(input, num_samples, replacement, generator)
    if out is None:
        return Tensor._make(res)
    _out(out, res.shape, "multinomial")._data[...] = res
    out._vc[0] += 1
    return out


def _multinomial(input: Tensor, num_samples: int, replacement: bool, generator) -> np.ndarray:
    n = R.int_arg(num_samples, "num_samples")
    if not 0 < input.ndim <= 2:
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {input.dtype._torch_name}")
    if n <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    cats = input.shape[-1]
    if not replacement and n > cats:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if cats > 1 << 24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    probs = input._data
    out_shape = (n,) if input.ndim == 1 else (input.shape[0], n)
    if math.prod(out_shape) == 0:
        return np.empty(out_shape, np.int64)
    gen = _impl(generator, "multinomial")
    rows = probs.reshape(-1, cats) if probs.ndim == 2 else probs.reshape(1, cats)
    if replacement and n > 1:
        return K.multinomial_with_replacement(gen, rows, n).reshape(out_shape)
    with np.errstate(invalid="ignore"):
        if not (probs.max() < np.inf and probs.min() >= 0):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if (rows.sum(axis=1, dtype=np.float64) == 0).any():
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    q = L.empty_like(probs, probs.dtype)
    L.write(q, K.exponential(gen, q.size, q.dtype, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        keys = (probs / q).reshape(rows.shape)
    if n == 1:
        return np.argmax(keys, axis=1).reshape(out_shape)
    return _top_k(keys, n).reshape(out_shape)


def _top_k(keys: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest keys per row, largest first (NaN counts as largest, as in torch.topk)."""
    order = np.argsort(np.where(np.isnan(keys), -np.inf, -keys), axis=1, kind="stable")
    top = order[:, : min(k + 1, keys.shape[1])]
    vals = np.take_along_axis(keys, top, axis=1)
    if (vals[:, 1:] == vals[:, :-1]).any() or np.isnan(vals).sum(axis=1).max() > 1:
        raise NotImplementedError("torchless: multinomial without replacement drew tied keys (e.g. more samples than "
                                  "non-zero probabilities); torch orders ties by its C++ sort, which is not emulated")
    return order[:, :k]


# ====================================================================================================== methods
METHODS: dict = {
    "uniform_": uniform_, "normal_": normal_, "random_": random_, "bernoulli_": bernoulli_,
    "exponential_": exponential_, "cauchy_": cauchy_, "log_normal_": log_normal_, "geometric_": geometric_,
    "bernoulli": _tensor_bernoulli, "multinomial": multinomial,
}
INPLACE: dict = {}
