/* k-means: the centres worth an exact distance, picked out by approximate
 * distances in single precision (see kmeans.h).
 *
 * With many centres and columns the exact distances (a difference, a square
 * and a sum per coordinate, in the order of R's Lloyd) take most of a fit,
 * although only the two nearest centres of a point matter.  The filter
 * computes every squared distance of a tile of 8 points approximately, in
 * single precision and as |x|^2 + |c|^2 - 2 x.c (one multiply-add per
 * coordinate, 8 points per instruction), with a bound E on its error.  A
 * centre whose approximate distance exceeds the second smallest (the
 * smallest, when only the nearest is wanted) by more than 2 E cannot be
 * among the two nearest by the exact distances, nor tie with them: only the
 * others, usually two or three per point, get an exact distance
 * (rows_nearest(), kmeans_kernel.c).  The results are those of the full
 * exact search, bit for bit.
 *
 * The bound.  Data and centres are multiplied by a power of two `scale`
 * (exactly) so that every value lies in [-1, 1]: X = x scale, C = c scale,
 * Q = |X - C|^2 the exact scaled squared distance.  With u = 2^-24 and
 * eta = 2^-150 (the rounding error of a result in the subnormal range),
 * rounding X and C to single precision, the norms A = fl(|X|^2),
 * B = fl(|C|^2), the dot product and the final combination (any order, with
 * or without fused multiply-adds) give an approximation q with
 *     |q - Q| <= (2 gamma_d + 10 u) (A + B) + 16 d eta,  gamma_d = d u / (1 - d u),
 * and the exact distance computed in double precision differs from Q
 * scale^-2 by less than 2^-50 Q.  For d <= 4096,
 *     E = (4 d + 32) u (A + max_C B) + 64 d eta
 * covers both with a factor of two to spare.  Every value being at most 1 in
 * absolute value, no sum overflows (d <= 4096).
 *
 * The filter needs AVX2 and fused multiply-adds (x86-64, GCC or clang),
 * checked once per fit (__builtin_cpu_supports()), and rounding to nearest
 * without flush-to-zero (the MXCSR register); otherwise every distance is
 * computed exactly, as always. */
#include "kmeans.h"
#include <math.h>
#include <string.h>

#ifdef KMEANS_FILTER
#include <immintrin.h>
#endif

/* Whether a fit of k centres in d dimensions uses the filter: enough
 * distances per point for the approximate ones to pay, the bound's range of
 * d, and a processor with AVX2 and FMA. */
static int filter_pays(int k, int d)
{
#ifdef KMEANS_FILTER
    if (!(k >= 16 && (double) k * d >= 256.0 && d <= 4096)) return 0;
    /* the bound assumes IEEE arithmetic as R leaves it: rounding to nearest,
     * subnormals kept (a library built with -ffast-math may have set
     * flush-to-zero, and then no filter) */
    if (_mm_getcsr() & (0x6000u | 0x8000u | 0x0040u)) return 0;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    (void) k; (void) d;
    return 0;
#endif
}

void filter_setup(kernel_t *K, const data_t *D)
{
    filter_t *F = &K->filter;
    memset(F, 0, sizeof *F);
    const int k = K->k, d = K->d;
    if (!filter_pays(k, d)) return;
    F->usable = 1;
    /* the data's largest absolute value, once (four maxima in flight) */
    double big[4] = {0.0, 0.0, 0.0, 0.0};
    const R_xlen_t size = D->n * (R_xlen_t) d;
    R_xlen_t e = 0;
    for (; e + 4 <= size; e += 4)
        for (int r = 0; r < 4; r++) {
            double a = fabs(D->x[e + r]);
            big[r] = a > big[r] ? a : big[r];
        }
    for (; e < size; e++) {
        double a = fabs(D->x[e]);
        big[0] = a > big[0] ? a : big[0];
    }
    for (int r = 1; r < 4; r++) big[0] = big[r] > big[0] ? big[r] : big[0];
    F->data_largest = big[0];
    F->cf = (float *) R_alloc((size_t) k * d, sizeof(float));
    F->ncf = (float *) R_alloc((size_t) k, sizeof(float));
    F->per_thread = ((R_xlen_t) 2 * TILE * d + (R_xlen_t) 2 * TILE * k + 15) / 16 * 16;
    F->scratch = (float *) R_alloc((size_t) (K->threads * F->per_thread + 16), sizeof(float));
    F->cand_stride = ((R_xlen_t) k + 63) / 64 * 64;   /* per tile, two per thread */
    F->cand = (uint8_t *) R_alloc((size_t) (2 * K->threads * F->cand_stride), 1);
    memset(F->cand, 0, (size_t) (2 * K->threads * F->cand_stride));   /* the masks past k stay 0 */
    F->k1 = (float) ((4.0 * d + 32.0) * 0x1p-24);     /* exact: 4 d + 32 < 2^24 */
    F->abs = (float) (64.0 * d * 0x1p-150);          /* exact: a multiple of 2^-149 */
}

/* Before a pass: the centres in single precision, on the common scale. */
void filter_centres(kernel_t *K, const double *c)
{
    filter_t *F = &K->filter;
    if (!F->usable) return;
    const int k = K->k, d = K->d;
    double big = F->data_largest;
    for (R_xlen_t e = 0; e < (R_xlen_t) k * d; e++) {
        double a = fabs(c[e]);
        big = a > big ? a : big;
    }
    /* a power of two that brings every value into [-1, 1]; beyond 2^+-400
     * (squared distances would leave the doubles) no filter in this pass */
    int e = big > 0.0 ? ilogb(big) + 1 : 0;
    F->on = e >= -400 && e <= 400;
    if (!F->on) return;
    F->scale = ldexp(1.0, -e);
    F->unscale2 = ldexp(1.0, 2 * e);
    float most = 0.0f;
    for (int j = 0; j < k; j++) {
        float s = 0.0f;
        for (int t = 0; t < d; t++) {
            float v = (float) (c[(R_xlen_t) j * d + t] * F->scale);
            F->cf[(R_xlen_t) j * d + t] = v;
            s += v * v;
        }
        F->ncf[j] = s;
        most = s > most ? s : most;
    }
    F->ncmax = most;
}

#ifdef KMEANS_FILTER
/* One tile's points (coordinate t of point p at x[t stride + p]) in single
 * precision, on the common scale, into xt (8 per coordinate); returns their
 * squared norms. */
__attribute__((target("avx2,fma")))
static __m256 tile_to_float(const double *x, R_xlen_t stride, const filter_t *F, int d, float *xt)
{
    const __m256d scale = _mm256_set1_pd(F->scale);
    __m256 nx = _mm256_setzero_ps();
    for (int t = 0; t < d; t++) {
        const double *xr = x + (R_xlen_t) t * stride;
        __m128 f0 = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_loadu_pd(xr), scale));
        __m128 f1 = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_loadu_pd(xr + 4), scale));
        __m256 a = _mm256_insertf128_ps(_mm256_castps128_ps256(f0), f1, 1);
        _mm256_storeu_ps(xt + (R_xlen_t) TILE * t, a);
        nx = _mm256_fmadd_ps(a, a, nx);
    }
    return nx;
}

/* The lanes of each centre that need an exact distance (bit p of cand[j]),
 * from the approximate distances q (8 per centre), their smallest two m1
 * and m2 and the points' norms: those within 2 E of the smallest (of the
 * second smallest when the second nearest is wanted), the threshold rounded
 * up (three roundings of at most 2^-24 each, covered by (|m| + 2 E) 2^-20).
 * When the second nearest is wanted and only one centre lies within 2 E of
 * the smallest (bit p of *alone), its exact distance is not needed: every
 * other centre's squared distance is at least m2 - E, which goes to low[p]
 * (rounded down, on the scale of the filter), a lower bound enough for
 * Hamerly's. */
__attribute__((target("avx2,fma")))
static void tile_candidates(const filter_t *F, int k, const float *q, __m256 nx, __m256 m1,
                            __m256 m2, int second, uint8_t *cand, uint8_t *alone, float *low)
{
    const __m256 two = _mm256_set1_ps(2.0f), ulp = _mm256_set1_ps(0x1p-20f),
                 sign = _mm256_set1_ps(-0.0f);
    __m256 E = _mm256_fmadd_ps(_mm256_set1_ps(F->k1), _mm256_add_ps(nx, _mm256_set1_ps(F->ncmax)),
                               _mm256_set1_ps(F->abs));
    __m256 E2 = _mm256_mul_ps(two, E);
    __m256 thr = _mm256_fmadd_ps(_mm256_add_ps(_mm256_andnot_ps(sign, m1), E2), ulp,
                                 _mm256_add_ps(m1, E2));
    *alone = 0;
    if (second) {
        __m256 sep = _mm256_cmp_ps(m2, thr, _CMP_GT_OQ);
        __m256 thr2 = _mm256_fmadd_ps(_mm256_add_ps(_mm256_andnot_ps(sign, m2), E2), ulp,
                                      _mm256_add_ps(m2, E2));
        thr = _mm256_blendv_ps(thr2, thr, sep);
        __m256 lo = _mm256_fnmadd_ps(_mm256_add_ps(_mm256_andnot_ps(sign, m2), E), ulp,
                                     _mm256_sub_ps(m2, E));
        _mm256_storeu_ps(low, _mm256_max_ps(lo, _mm256_setzero_ps()));
        *alone = (uint8_t) _mm256_movemask_ps(sep);
    }
    for (int j = 0; j < k; j++)
        cand[j] = (uint8_t) _mm256_movemask_ps(
            _mm256_cmp_ps(_mm256_loadu_ps(q + (R_xlen_t) TILE * j), thr, _CMP_LE_OQ));
}

/* Approximate distance to centre j of tile h (0 or 1) from its dot products:
 * kept in q, and the tile's smallest two brought up to date. */
#define FILTER_KEEP(h, dot, j) do {                                                     \
        __m256 qv_ = _mm256_fnmadd_ps(two, (dot), _mm256_add_ps(nx[h], _mm256_set1_ps(F->ncf[j]))); \
        _mm256_storeu_ps(q[h] + (R_xlen_t) TILE * (j), qv_);                            \
        if (second) m2[h] = _mm256_min_ps(m2[h], _mm256_max_ps(m1[h], qv_));            \
        m1[h] = _mm256_min_ps(m1[h], qv_);                                              \
    } while (0)

/* The approximate squared distances of two tiles of 8 points (x0 and x1,
 * coordinate t of point p at x[t stride + p]; x1 may repeat x0) to the k
 * centres, then the lanes of each centre that need an exact distance: bit p
 * of cand0[j] (cand1[j]) for point p of tile 0 (1) and centre j; alone[h]
 * and low[8 h + p]: see tile_candidates().  Two tiles share each load of a
 * centre's coordinate, which is what limits the speed.  scratch: 2 TILE d
 * + 2 TILE k floats. */
__attribute__((target("avx2,fma")))
void filter_tiles(const double *x0, const double *x1, R_xlen_t stride, const filter_t *F, int k,
                  int d, int second, float *scratch, uint8_t *cand0, uint8_t *cand1,
                  uint8_t *alone, float *low)
{
    float *xt0 = scratch, *xt1 = scratch + (R_xlen_t) TILE * d;
    float *q[2] = {scratch + (R_xlen_t) 2 * TILE * d, scratch + (R_xlen_t) 2 * TILE * d + (R_xlen_t) TILE * k};
    const __m256 two = _mm256_set1_ps(2.0f), inf = _mm256_set1_ps((float) R_PosInf);
    __m256 nx[2] = {tile_to_float(x0, stride, F, d, xt0), tile_to_float(x1, stride, F, d, xt1)};
    __m256 m1[2] = {inf, inf}, m2[2] = {inf, inf};
    int j = 0;
    /* six centres at a time for the two tiles: twelve chains of multiply-adds
     * in flight, eight loads for twelve of them */
    for (; j + 6 <= k; j += 6) {
        const float *c0 = F->cf + (R_xlen_t) j * d;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        __m256 b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0;
        for (int t = 0; t < d; t++) {
            __m256 u = _mm256_loadu_ps(xt0 + (R_xlen_t) TILE * t);
            __m256 v = _mm256_loadu_ps(xt1 + (R_xlen_t) TILE * t);
            __m256 g = _mm256_broadcast_ss(c0 + t);
            a0 = _mm256_fmadd_ps(u, g, a0); b0 = _mm256_fmadd_ps(v, g, b0);
            g = _mm256_broadcast_ss(c0 + d + t);
            a1 = _mm256_fmadd_ps(u, g, a1); b1 = _mm256_fmadd_ps(v, g, b1);
            g = _mm256_broadcast_ss(c0 + 2 * d + t);
            a2 = _mm256_fmadd_ps(u, g, a2); b2 = _mm256_fmadd_ps(v, g, b2);
            g = _mm256_broadcast_ss(c0 + 3 * d + t);
            a3 = _mm256_fmadd_ps(u, g, a3); b3 = _mm256_fmadd_ps(v, g, b3);
            g = _mm256_broadcast_ss(c0 + 4 * d + t);
            a4 = _mm256_fmadd_ps(u, g, a4); b4 = _mm256_fmadd_ps(v, g, b4);
            g = _mm256_broadcast_ss(c0 + 5 * d + t);
            a5 = _mm256_fmadd_ps(u, g, a5); b5 = _mm256_fmadd_ps(v, g, b5);
        }
        FILTER_KEEP(0, a0, j); FILTER_KEEP(0, a1, j + 1); FILTER_KEEP(0, a2, j + 2);
        FILTER_KEEP(0, a3, j + 3); FILTER_KEEP(0, a4, j + 4); FILTER_KEEP(0, a5, j + 5);
        FILTER_KEEP(1, b0, j); FILTER_KEEP(1, b1, j + 1); FILTER_KEEP(1, b2, j + 2);
        FILTER_KEEP(1, b3, j + 3); FILTER_KEEP(1, b4, j + 4); FILTER_KEEP(1, b5, j + 5);
    }
    for (; j < k; j++) {
        const float *c0 = F->cf + (R_xlen_t) j * d;
        __m256 a0 = _mm256_setzero_ps(), b0 = a0;
        for (int t = 0; t < d; t++) {
            __m256 g = _mm256_broadcast_ss(c0 + t);
            a0 = _mm256_fmadd_ps(_mm256_loadu_ps(xt0 + (R_xlen_t) TILE * t), g, a0);
            b0 = _mm256_fmadd_ps(_mm256_loadu_ps(xt1 + (R_xlen_t) TILE * t), g, b0);
        }
        FILTER_KEEP(0, a0, j);
        FILTER_KEEP(1, b0, j);
    }
    tile_candidates(F, k, q[0], nx[0], m1[0], m2[0], second, cand0, alone, low);
    tile_candidates(F, k, q[1], nx[1], m1[1], m2[1], second, cand1, alone + 1, low + TILE);
}
#undef FILTER_KEEP
#endif
