"""Quantiles of the standard normal and Student t distributions, without scipy.

``t_quantile(p, df)`` agrees with R's ``qt(p, df)`` to about 1e-13 for the integer
degrees of freedom a survey design gives (``degf()`` = PSUs − strata):

- df = 1 and df = 2 have closed forms.
- 3 ≤ df < 5000: Newton steps, kept inside a bracket, on the exact distribution
  function for integer df (Abramowitz & Stegun 26.7.3 and 26.7.4, a finite sum of
  positive terms in cos θ with θ = atan(t/√df); below 0.01 the complementary series
  is summed instead, so small tails keep their relative precision).
- df ≥ 5000: the Cornish–Fisher expansion in 1/df (A&S 26.7.5) to the 1/df⁴ term;
  the first omitted term is below 1e-14 there.

The normal quantile comes from Newton–Halley steps on ``math.erfc``, which is
accurate to the last bits.
"""

from __future__ import annotations

import math

import numpy as np

_SQRT2 = math.sqrt(2.0)
_CORNISH_FISHER_FROM = 5000


def normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / _SQRT2)


def normal_quantile(p: float) -> float:
    """The standard normal quantile, like R's ``qnorm(p)``."""
    if not 0.0 < p < 1.0:
        if p == 0.0:
            return -math.inf
        if p == 1.0:
            return math.inf
        raise ValueError("p must be between 0 and 1")
    if p > 0.5:
        return -normal_quantile(1.0 - p)
    # Lower tail from here on; start from a rational approximation good to ~1e-3.
    q = math.sqrt(-2.0 * math.log(p))
    z = -(
        q
        - (2.515517 + 0.802853 * q + 0.010328 * q * q)
        / (1.0 + q * (1.432788 + q * (0.189269 + 0.001308 * q)))
    )
    for _ in range(50):
        # Work with the tail probability directly so small p keeps its precision.
        error = 0.5 * math.erfc(-z / _SQRT2) - p
        density = math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
        if density == 0.0:
            break
        step = error / density
        # Halley's correction for the normal: f''/f' = -z.
        step = step / (1.0 + 0.5 * z * step)
        z -= step
        if abs(step) <= 1e-16 * max(1.0, abs(z)):
            break
    return z


def t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with an integer number of degrees of freedom (≥ 1)."""
    if df < 1 or int(df) != df:
        raise ValueError("df must be a positive integer")
    if t <= 0.0:
        return _lower_cdf(t, int(df))
    return 1.0 - _lower_cdf(-t, int(df))


def _t_cdf_direct(t: float, df: int) -> float:
    """P(T ≤ t) from A&S 26.7.3/26.7.4; precise in absolute terms, not in small tails."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    theta = math.atan(t / math.sqrt(df))
    sin_t, cos2 = math.sin(theta), math.cos(theta) ** 2
    if df % 2 == 1:
        if df == 1:
            a = 2.0 * theta / math.pi
        else:
            # cosθ · (1, 2/3 cos²θ, (2·4)/(3·5) cos⁴θ, …) up to the cos^(df−2)θ term.
            k = np.arange(1, (df - 3) // 2 + 1, dtype=np.float64)
            ratios = (2.0 * k) / (2.0 * k + 1.0) * cos2
            terms = np.concatenate(([1.0], np.cumprod(ratios)))
            a = 2.0 / math.pi * (theta + sin_t * math.cos(theta) * float(np.sum(terms[::-1])))
    else:
        # 1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + … up to the cos^(df−2)θ term.
        k = np.arange(1, (df - 2) // 2 + 1, dtype=np.float64)
        ratios = (2.0 * k - 1.0) / (2.0 * k) * cos2
        terms = np.concatenate(([1.0], np.cumprod(ratios)))
        a = sin_t * float(np.sum(terms[::-1]))
    return 0.5 + 0.5 * a


def _lower_tail(t: float, df: int) -> float:
    """P(T ≤ t) for t < 0, summed directly so that small tails keep full precision.

    With φ = atan(√df/|t|), the complements of A&S 26.7.3/26.7.4 are the remainders of
    the series 1/cos φ = Σ c_k sin^2k φ and φ/(sin φ cos φ) = Σ d_k sin^2k φ:
    even df: P = ½ cos φ Σ_{k ≥ df/2} c_k sin^2k φ, c_k = (1·3…(2k−1))/(2·4…2k);
    odd df:  P = (1/π) sin φ cos φ Σ_{k ≥ (df−1)/2} d_k sin^2k φ, d_k = (2·4…2k)/(3·5…(2k+1)).
    """
    r2 = df + t * t
    s2 = df / r2
    cos_phi = -t / math.sqrt(r2)
    if df % 2 == 0:
        start = df // 2
        j = np.arange(1, start + 1, dtype=np.float64)
        first = float(np.prod((2.0 * j - 1.0) / (2.0 * j) * s2))
        factor = 0.5 * cos_phi
    else:
        start = (df - 1) // 2
        j = np.arange(1, start + 1, dtype=np.float64)
        first = float(np.prod((2.0 * j) / (2.0 * j + 1.0) * s2))
        factor = cos_phi * math.sqrt(s2) / math.pi
    if first == 0.0:
        return 0.0
    count = min(400_000, math.ceil(-39.0 / math.log(s2)) + 16) if s2 < 1.0 else 400_000
    k = np.arange(start, start + count, dtype=np.float64)
    if df % 2 == 0:
        ratios = (2.0 * k + 1.0) / (2.0 * k + 2.0) * s2
    else:
        ratios = (2.0 * k + 2.0) / (2.0 * k + 3.0) * s2
    terms = np.cumprod(ratios)
    return factor * first * (1.0 + float(np.sum(terms[::-1])))


def _lower_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for t ≤ 0: the direct sum, or the tail sum where the result is small."""
    direct = _t_cdf_direct(t, df)
    if direct > 0.01 or t == 0.0:
        return direct
    return _lower_tail(t, df)


def _t_density(t: float, df: int) -> float:
    log_c = math.lgamma((df + 1) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2.0 * math.log1p(t * t / df))


def _cornish_fisher(z: float, df: int) -> float:
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
    v = 1.0 / df
    return z + v * (g1 + v * (g2 + v * (g3 + v * g4)))


def t_quantile(p: float, df: int) -> float:
    """The Student t quantile for integer ``df`` ≥ 1, like R's ``qt(p, df)``.

    Returns NaN for ``df`` < 1 (R's ``qt(p, 0)`` is NaN too).
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError("p must be between 0 and 1")
    if int(df) != df:
        raise ValueError("df must be an integer")
    df = int(df)
    if df < 1:
        return math.nan
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    if p == 0.5:
        return 0.0
    if p > 0.5:
        return -t_quantile(1.0 - p, df)
    # Lower tail from here on (t < 0).
    if df == 1:
        return -1.0 / math.tan(math.pi * p)
    if df == 2:
        return (2.0 * p - 1.0) / math.sqrt(2.0 * p * (1.0 - p))
    z = normal_quantile(p)
    guess = _cornish_fisher(z, df)
    if df >= _CORNISH_FISHER_FROM:
        return guess
    # Bracket the root: t_cdf is increasing, and the root lies below z (heavier tails).
    high = z
    low = min(guess, z) - 1.0
    while _lower_cdf(low, df) > p:
        high = low
        low = 2.0 * low
    t = guess if low < guess < high else 0.5 * (low + high)
    for _ in range(200):
        error = _lower_cdf(t, df) - p
        if error == 0.0:
            return t
        if error > 0.0:
            high = t
        else:
            low = t
        step = error / _t_density(t, df)
        candidate = t - step
        if not low < candidate < high:
            candidate = 0.5 * (low + high)
        if abs(candidate - t) <= 2e-16 * max(1.0, abs(t)) or high - low <= 4e-16 * max(1.0, abs(t)):
            return candidate
        t = candidate
    return t
