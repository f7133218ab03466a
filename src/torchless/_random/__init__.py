"""Internals of ``torchless.random``: an exact re-implementation of PyTorch's CPU random number generator.

- ``generator``: the mt19937 engine (NumPy's ``MT19937`` bit generator set up with torch's seeding) with torch's
  state layout, seeds and Box-Muller caches;
- ``kernels``: the distributions, each drawing exactly what ATen's CPU kernels draw, vectorised;
- ``avx2``: torch's AVX2 ``normal_`` fill for float32 (Cephes log/sincos polynomials with fused multiply-adds);
- ``fma``: correctly rounded fused multiply-add for float32 and float64 arrays (GCC contracts ``a * b + c``);
- ``libm``: the C math library functions torch calls, vectorised (NumPy's, checked against ``math``).
"""
