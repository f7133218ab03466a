"""torch.return_types: the named tuples that ops with several results return (``max(dim)``, ``sort``, ``topk``...).

Each class is a tuple subclass with named fields, built like torch's (``max((values, indices))``) and printed
exactly as torch prints it::

    torch.return_types.max(
    values=tensor([2., 4.]),
    indices=tensor([1, 1]))
"""

from __future__ import annotations

from operator import itemgetter

_FIELDS = {
    "aminmax": ("min", "max"),
    "cummax": ("values", "indices"),
    "cummin": ("values", "indices"),
    "frexp": ("mantissa", "exponent"),
    "geqrf": ("a", "tau"),
    "histogram": ("hist", "bin_edges"),
    "histogramdd": ("hist", "bin_edges"),
    "kthvalue": ("values", "indices"),
    "linalg_cholesky_ex": ("L", "info"),
    "linalg_eig": ("eigenvalues", "eigenvectors"),
    "linalg_eigh": ("eigenvalues", "eigenvectors"),
    "linalg_inv_ex": ("inverse", "info"),
    "linalg_ldl_factor": ("LD", "pivots"),
    "linalg_ldl_factor_ex": ("LD", "pivots", "info"),
    "linalg_lstsq": ("solution", "residuals", "rank", "singular_values"),
    "linalg_lu": ("P", "L", "U"),
    "linalg_lu_factor": ("LU", "pivots"),
    "linalg_lu_factor_ex": ("LU", "pivots", "info"),
    "linalg_qr": ("Q", "R"),
    "linalg_slogdet": ("sign", "logabsdet"),
    "linalg_solve_ex": ("result", "info"),
    "linalg_svd": ("U", "S", "Vh"),
    "lu_unpack": ("P", "L", "U"),
    "max": ("values", "indices"),
    "median": ("values", "indices"),
    "min": ("values", "indices"),
    "mode": ("values", "indices"),
    "nanmedian": ("values", "indices"),
    "qr": ("Q", "R"),
    "slogdet": ("sign", "logabsdet"),
    "sort": ("values", "indices"),
    "svd": ("U", "S", "V"),
    "topk": ("values", "indices"),
    "triangular_solve": ("solution", "cloned_coefficient"),
}


class _StructSeq(tuple):
    """Base of the return types: a fixed-length tuple whose items are also attributes."""

    __slots__ = ()
    _fields: tuple = ()
    _name = ""

    def __new__(cls, sequence):
        seq = tuple(sequence)
        if len(seq) != len(cls._fields):
            raise TypeError(f"torch.return_types.{cls._name}() takes a {len(cls._fields)}-sequence "
                            f"({len(seq)}-sequence given)")
        return tuple.__new__(cls, seq)

    def __repr__(self) -> str:
        items = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"torch.return_types.{self._name}(\n{items})"

    __str__ = __repr__

    def __reduce__(self):
        return (type(self), (tuple(self),))

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")


def _make_type(name: str, fields: tuple) -> type:
    ns = {"__slots__": (), "_fields": fields, "_name": name, "__match_args__": fields, "n_fields": len(fields),
          "n_sequence_fields": len(fields), "n_unnamed_fields": 0, "__module__": __name__, "__qualname__": name}
    for i, f in enumerate(fields):
        ns[f] = property(itemgetter(i), doc=f"Alias for field number {i}")
    return type(name, (_StructSeq,), ns)


for _name, _fields in _FIELDS.items():
    globals()[_name] = _make_type(_name, _fields)
    if _name != "histogramdd":  # as in torch, which has no histogramdd_out
        globals()[_name + "_out"] = _make_type(_name + "_out", _fields)

__all__ = sorted(list(_FIELDS) + [n + "_out" for n in _FIELDS if n != "histogramdd"])
del _name, _fields
