/* kpid-datagen's random numbers: splitmix64 streams keyed by (seed, kind, index), no global state.
 */
#ifndef KPID_BENCH_DATAGEN_RNG_H
#define KPID_BENCH_DATAGEN_RNG_H

#include <math.h>
#include <stdint.h>

/* One independent stream; the same key always yields the same sequence. */
struct dg_rng {
    uint64_t state;
};

/* splitmix64's finaliser: a bijective 64-bit mix. */
static inline uint64_t dg_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* The stream of one object: `kind` tells leads, spend days... apart, `index` numbers them. */
static inline struct dg_rng dg_rng_for(uint64_t seed, uint64_t kind, uint64_t index)
{
    struct dg_rng r = {dg_mix(seed + 0x9e3779b97f4a7c15u) ^ dg_mix(kind * 0x100000001b3u + index)};
    return r;
}

static inline uint64_t dg_next(struct dg_rng *r)
{
    r->state += 0x9e3779b97f4a7c15u;
    return dg_mix(r->state);
}

/* Uniform in [0, 1). */
static inline double dg_unit(struct dg_rng *r)
{
    return (double)(dg_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi). */
static inline double dg_uniform(struct dg_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * dg_unit(r);
}

/* Uniform integer in [0, bound), bound > 0 (the bias is below 2^-40 for our bounds). */
static inline uint64_t dg_below(struct dg_rng *r, uint64_t bound)
{
    return dg_next(r) % bound;
}

/* True with probability p. */
static inline int dg_chance(struct dg_rng *r, double p)
{
    return dg_unit(r) < p;
}

/* Exponentially distributed with the given mean. */
static inline double dg_exponential(struct dg_rng *r, double mean)
{
    return -mean * log1p(-dg_unit(r));
}

/* Standard normal (Box-Muller, one value per call). */
static inline double dg_normal(struct dg_rng *r)
{
    double u = 1.0 - dg_unit(r); /* (0, 1] */
    double v = dg_unit(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

#endif
