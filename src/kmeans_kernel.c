/* k-means: the nearest-centre kernel shared by every algorithm, its scratch,
 * and the exchange of centres with R (see kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The first 64-byte boundary in a block allocated with 64 bytes to spare. */
static void *line_aligned(void *p)
{
    return (void *) (((uintptr_t) p + 63) & ~(uintptr_t) 63);
}

kernel_t kernel_alloc(R_xlen_t n, int k, int d, int threads)
{
    kernel_t K;
    K.k = k; K.d = d; K.threads = threads;
    K.per_thread = (R_xlen_t) 2 * TILE * d + d + k + 2;
    K.scratch = (double *) R_alloc((size_t) (threads * K.per_thread), sizeof(double));
    K.lists = (R_xlen_t *) R_alloc((size_t) threads * 2 * BATCH, sizeof(R_xlen_t));
    K.batch_changes = (int *) R_alloc((size_t) (n / BATCH + 1), sizeof(int));
    K.owner_sums = (double *) R_alloc((size_t) threads * ((size_t) k * d + k + 8), sizeof(double));
    K.owner_npos = (R_xlen_t *) R_alloc((size_t) threads * ((size_t) 4 * k + 8), sizeof(R_xlen_t));
    R_xlen_t rows = block_rows(d);
    K.rows_q = (double *) R_alloc((size_t) threads * 2 * rows, sizeof(double));
    /* whole batches of bits: a batch is cleared before its points are marked */
    K.moved = threads > 1 ? (uint64_t *) R_alloc((size_t) (n / BATCH + 1) * (BATCH / 64), sizeof(uint64_t))
                          : NULL;
    /* deltas of the moves: with threads, up to 128 blocks per chunk (fewer
     * waits between chunks), within about 256 kB (at least two blocks per
     * thread: each then holds more work than a wait costs) */
    double per_slot = (double) k * d + k;
    int slots = (int) ((double) (1 << 15) / per_slot);
    if (slots > 128) slots = 128;
    if (slots < 2 * threads) slots = 2 * threads;
    K.delta_slots = threads > 1 ? slots : 1;
    K.delta = (double *) line_aligned(R_alloc((size_t) (K.delta_slots * delta_stride(k, d) + 8),
                                              sizeof(double)));
    memset(&K.filter, 0, sizeof K.filter);
    K.delta_npos = (R_xlen_t *) line_aligned(R_alloc((size_t) (K.delta_slots * delta_npos_stride(k) + 8),
                                                     sizeof(R_xlen_t)));
    return K;
}

/* The kernel is compiled twice with GCC on x86-64 Linux, for the baseline
 * (SSE2) and for AVX2 (without FMA: fused multiply-adds would round
 * differently), and the loader picks the version the processor runs.  Vector
 * types are GCC's (and clang's) extension; other compilers get plain loops
 * (also with -DSDS_PLAIN_KERNEL, to test them). */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(SDS_PLAIN_KERNEL)
#define KERNEL_VECTORS 1
typedef double v4d __attribute__((vector_size(32)));
typedef long long v4i __attribute__((vector_size(32)));
#define SELECT(mask, a, b) ((v4d) (((mask) & (v4i) (a)) | (~(mask) & (v4i) (b))))
#if defined(__clang__) || __GNUC__ >= 9
#define KERNEL_CONVERT 1
typedef int v4s __attribute__((vector_size(16)));
#endif
#endif
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 6 && defined(__x86_64__) && \
    defined(__linux__)
#define KERNEL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define KERNEL_CLONES
#endif

/* Point p of a tile (coordinate t at x[t stride + p]) moves from cluster a
 * to cluster b: it leaves a's sums and joins b's, as sums_move() moves it. */
void move_tile_point(const moves_t *mv, const double *x, R_xlen_t stride, int p, int d,
                       int a, int b)
{
    if (!mv->sum) return;
    double *sa = mv->sum + (R_xlen_t) a * d, *sb = mv->sum + (R_xlen_t) b * d;
    for (int t = 0; t < d; t++) {
        double v = x[(R_xlen_t) t * stride + p];
        sa[t] -= v;
        sb[t] += v;
    }
    mv->wsum[a] -= 1.0;
    mv->wsum[b] += 1.0;
    mv->npos[a]--;
    mv->npos[b]++;
    mv->prev[p] = b;
}

/* Point p of the tile starting at point p0 changed from cluster `from` to
 * `to`: moved in mv's sums (move_tile_point()) and marked in mv's bit set. */
static inline void tile_point_moved(const moves_t *mv, const double *x, R_xlen_t stride,
                                    R_xlen_t p0, int p, int d, int from, int to)
{
    moves_t here = *mv;
    here.prev = mv->prev ? mv->prev + p0 : NULL;
    move_tile_point(&here, x, stride, p, d, from, to);
    if (mv->list) mv->list[(p0 + p) >> 6] |= (uint64_t) 1 << ((p0 + p) & 63);
}

#ifdef KERNEL_VECTORS
#if defined(__GNUC__) || defined(__clang__)
#define KERNEL_INLINE static inline __attribute__((always_inline))
#else
#define KERNEL_INLINE static inline
#endif

/* The best two squared distances and the best centre of the 8 points of a
 * tile, points 0-3 in the first vector of each pair, 4-7 in the second. */
typedef struct {
    v4d b1[2], b2[2], bi[2];
} tile_best_t;

/* Keep the best two given the squared distances a to centre j (strictly
 * smaller: the lowest index wins ties); the second only if `second`. */
KERNEL_INLINE void keep_best(tile_best_t *T, int h, v4d a, double j, int second)
{
    v4i lt = (v4i) (a < T->b1[h]);
    if (second) T->b2[h] = SELECT(lt, T->b1[h], SELECT((v4i) (a < T->b2[h]), a, T->b2[h]));
    T->b1[h] = SELECT(lt, a, T->b1[h]);
    T->bi[h] = SELECT(lt, ((v4d) {0.0, 0.0, 0.0, 0.0}) + j, T->bi[h]);
}

/* The nearest (and second nearest) of the k centres c to the tile's points:
 * four centres at a time (eight sums in flight, each coordinate of the
 * points loaded once for the four), then two, then one.  Inlined with d a
 * constant for the small dimensions, where the loop over the coordinates
 * unrolls. */
KERNEL_INLINE void tile_nearest(const double *x, R_xlen_t stride, const double *c, int k, int d,
                                int second, tile_best_t *T)
{
    const v4d zero = {0.0, 0.0, 0.0, 0.0};
    int j = 0;
    for (; j + 4 <= k; j += 4) {
        const double *c0 = c + (R_xlen_t) j * d;
        v4d s00 = zero, s01 = zero, s10 = zero, s11 = zero, s20 = zero, s21 = zero, s30 = zero,
            s31 = zero, x0, x1, e;
        for (int t = 0; t < d; t++) {
            memcpy(&x0, x + (R_xlen_t) t * stride, sizeof x0);
            memcpy(&x1, x + (R_xlen_t) t * stride + 4, sizeof x1);
            double a0 = c0[t], a1 = c0[d + t], a2 = c0[2 * d + t], a3 = c0[3 * d + t];
            e = x0 - a0; s00 += e * e;
            e = x1 - a0; s01 += e * e;
            e = x0 - a1; s10 += e * e;
            e = x1 - a1; s11 += e * e;
            e = x0 - a2; s20 += e * e;
            e = x1 - a2; s21 += e * e;
            e = x0 - a3; s30 += e * e;
            e = x1 - a3; s31 += e * e;
        }
        keep_best(T, 0, s00, j, second); keep_best(T, 1, s01, j, second);
        keep_best(T, 0, s10, j + 1, second); keep_best(T, 1, s11, j + 1, second);
        keep_best(T, 0, s20, j + 2, second); keep_best(T, 1, s21, j + 2, second);
        keep_best(T, 0, s30, j + 3, second); keep_best(T, 1, s31, j + 3, second);
    }
    for (; j + 2 <= k; j += 2) {
        const double *c0 = c + (R_xlen_t) j * d;
        v4d s00 = zero, s01 = zero, s10 = zero, s11 = zero, x0, x1, e;
        for (int t = 0; t < d; t++) {
            memcpy(&x0, x + (R_xlen_t) t * stride, sizeof x0);
            memcpy(&x1, x + (R_xlen_t) t * stride + 4, sizeof x1);
            double a0 = c0[t], a1 = c0[d + t];
            e = x0 - a0; s00 += e * e;
            e = x1 - a0; s01 += e * e;
            e = x0 - a1; s10 += e * e;
            e = x1 - a1; s11 += e * e;
        }
        keep_best(T, 0, s00, j, second); keep_best(T, 1, s01, j, second);
        keep_best(T, 0, s10, j + 1, second); keep_best(T, 1, s11, j + 1, second);
    }
    if (j < k) {
        const double *c0 = c + (R_xlen_t) j * d;
        v4d s00 = zero, s01 = zero, x0, x1, e;
        for (int t = 0; t < d; t++) {
            memcpy(&x0, x + (R_xlen_t) t * stride, sizeof x0);
            memcpy(&x1, x + (R_xlen_t) t * stride + 4, sizeof x1);
            e = x0 - c0[t]; s00 += e * e;
            e = x1 - c0[t]; s01 += e * e;
        }
        keep_best(T, 0, s00, j, second); keep_best(T, 1, s01, j, second);
    }
}

/* Any of the 8 lanes of two vectors of int lanes nonzero (one test on two
 * 64-bit words, rather than a lane at a time). */
#ifdef KERNEL_CONVERT
KERNEL_INLINE int any_lane(v4s a, v4s b)
{
    uint64_t wa[2], wb[2];
    memcpy(wa, &a, sizeof wa);
    memcpy(wb, &b, sizeof wb);
    return ((wa[0] | wa[1]) | (wb[0] | wb[1])) != 0;
}
#endif

#ifdef KMEANS_FILTER
/* The exact squared distances s[e] of m pairs (point pp[e] of a tile,
 * centre pj[e]) that the filter (kmeans_filter.c) picked out: four at a
 * time (four sums in flight), each over the coordinates in order, as
 * sqdist(). */
#define FILTER_PAIRS 64
KERNEL_INLINE void exact_pairs(const double *x, R_xlen_t stride, const double *c, int d,
                               const int *pp, const int *pj, int m, double *s)
{
    int e = 0;
    for (; e + 4 <= m; e += 4) {
        const double *x0 = x + pp[e], *x1 = x + pp[e + 1], *x2 = x + pp[e + 2], *x3 = x + pp[e + 3];
        const double *c0 = c + (R_xlen_t) pj[e] * d, *c1 = c + (R_xlen_t) pj[e + 1] * d,
                     *c2 = c + (R_xlen_t) pj[e + 2] * d, *c3 = c + (R_xlen_t) pj[e + 3] * d;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (int t = 0; t < d; t++) {
            R_xlen_t o = (R_xlen_t) t * stride;
            double e0 = x0[o] - c0[t], e1 = x1[o] - c1[t], e2 = x2[o] - c2[t], e3 = x3[o] - c3[t];
            s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
        }
        s[e] = s0; s[e + 1] = s1; s[e + 2] = s2; s[e + 3] = s3;
    }
    for (; e < m; e++) {
        const double *x0 = x + pp[e], *c0 = c + (R_xlen_t) pj[e] * d;
        double s0 = 0.0;
        for (int t = 0; t < d; t++) {
            double e0 = x0[(R_xlen_t) t * stride] - c0[t];
            s0 += e0 * e0;
        }
        s[e] = s0;
    }
}

/* The pairs' exact distances kept, in order: each point's centres come by
 * increasing index. */
KERNEL_INLINE void keep_pairs(const double *x, R_xlen_t stride, const double *c, int d,
                              const int *pp, const int *pj, int m, double *s, double *b1,
                              double *b2, double *bi)
{
    exact_pairs(x, stride, c, d, pp, pj, m, s);
    for (int e = 0; e < m; e++) {
        int p = pp[e];
        if (s[e] < b1[p]) { b2[p] = b1[p]; b1[p] = s[e]; bi[p] = pj[e]; }
        else if (s[e] < b2[p]) b2[p] = s[e];
    }
}

/* The nearest two of a tile's points by exact distances to the centres
 * that cand marks for each (bit p of cand[j]: point p, centre j). */
KERNEL_INLINE void tile_exact(const double *x, R_xlen_t stride, const double *c, int k, int d,
                              const uint8_t *cand, unsigned alone, const float *low,
                              double unscale2, tile_best_t *T)
{
    const double inf = R_PosInf;
    double b1[TILE], b2[TILE], bi[TILE], s[FILTER_PAIRS];
    int pp[FILTER_PAIRS], pj[FILTER_PAIRS];
    for (int p = 0; p < TILE; p++) { b1[p] = inf; b2[p] = inf; bi[p] = 0.0; }
    int m = 0;
    /* the pairs (point, centre), centre by centre, eight centres' lane masks
     * at a time (the masks past k are zero; x86-64 is little-endian); their
     * distances whenever the list is full, and at the end */
    for (int j0 = 0; j0 < k; j0 += 8) {
        uint64_t masks;
        memcpy(&masks, cand + j0, sizeof masks);
        while (masks) {
            int bit = lowest_bit(masks), j = j0 + bit / 8;
            for (unsigned lanes = (unsigned) (masks >> (bit & ~7)) & 0xFF; lanes; lanes &= lanes - 1) {
                pp[m] = lowest_bit(lanes);
                pj[m++] = j;
            }
            masks &= ~((uint64_t) 0xFF << (bit & ~7));
            if (m + TILE > FILTER_PAIRS) {
                keep_pairs(x, stride, c, d, pp, pj, m, s, b1, b2, bi);
                m = 0;
            }
        }
    }
    keep_pairs(x, stride, c, d, pp, pj, m, s, b1, b2, bi);
    /* lanes whose nearest centre stood alone: the filter's lower bound on
     * the others (exact: float to double, times a power of two) */
    for (; alone; alone &= alone - 1) {
        int p = lowest_bit(alone);
        b2[p] = (double) low[p] * unscale2;
    }
    memcpy(&T->b1[0], b1, sizeof T->b1[0]); memcpy(&T->b1[1], b1 + 4, sizeof T->b1[1]);
    memcpy(&T->b2[0], b2, sizeof T->b2[0]); memcpy(&T->b2[1], b2 + 4, sizeof T->b2[1]);
    memcpy(&T->bi[0], bi, sizeof T->bi[0]); memcpy(&T->bi[1], bi + 4, sizeof T->bi[1]);
}

/* tile_nearest() through the filter (kmeans_filter.c) for the tiles x0 and,
 * if T1 is given, x1 (two tiles share the filter's loads): exact distances
 * only to the centres it picks out for each point, kept in index order as
 * tile_nearest() keeps them (the same values, the lowest index on ties). */
KERNEL_INLINE void tiles_filtered(const double *x0, const double *x1, R_xlen_t stride,
                                  const double *c, int k, int d, int second, const filter_t *F,
                                  tile_best_t *T0, tile_best_t *T1)
{
    const int thread = sds_thread_id();
    uint8_t *cand0 = F->cand + (R_xlen_t) 2 * thread * F->cand_stride, *cand1 = cand0 + F->cand_stride;
    uint8_t alone[2];
    float low[2 * TILE];
    filter_tiles(x0, T1 ? x1 : x0, stride, F, k, d, second,
                 F->scratch + (R_xlen_t) thread * F->per_thread, cand0, cand1, alone, low);
    tile_exact(x0, stride, c, k, d, cand0, alone[0], low, F->unscale2, T0);
    if (T1) tile_exact(x1, stride, c, k, d, cand1, alone[1], low + TILE, F->unscale2, T1);
}
#undef FILTER_PAIRS
#endif

/* rows_nearest() for given d and `second` (q1 given): constants where the
 * caller inlines it so (ROWS_NEAREST below).  F: NULL, or the filter to go
 * through (kmeans_filter.c). */
KERNEL_INLINE R_xlen_t rows_nearest_body(const double *xs, R_xlen_t stride, R_xlen_t np,
                                         const double *c, int k, int d, int second, int *best,
                                         double *q1, double *q2, double *sums,
                                         const moves_t *mv, const filter_t *F)
{
    const double inf = R_PosInf;
    const v4d zero = {0.0, 0.0, 0.0, 0.0}, vinf = {inf, inf, inf, inf};
    R_xlen_t changed = 0;
    tile_best_t next;      /* through the filter: the next tile's, found with this one's */
    int have_next = 0;
    for (R_xlen_t p0 = 0; p0 < np; p0 += TILE) {
        const double *x = xs + p0;
        tile_best_t T = {.b1 = {vinf, vinf}, .b2 = {vinf, vinf}, .bi = {zero, zero}};
#ifdef KMEANS_FILTER
        if (F) {
            if (have_next) {
                T = next;
                have_next = 0;
            } else {
                have_next = p0 + 2 * TILE <= np;
                tiles_filtered(x, x + TILE, stride, c, k, d, second, F, &T,
                               have_next ? &next : NULL);
            }
        } else
#else
        (void) next; (void) have_next;
#endif
            tile_nearest(x, stride, c, k, d, second, &T);
#ifdef KERNEL_CONVERT
        {   /* labels written only where one changed (once the fit settles,
             * the label array is then mostly read, not written back) */
            v4s n0 = __builtin_convertvector(T.bi[0], v4s), n1 = __builtin_convertvector(T.bi[1], v4s);
            v4s o0, o1;
            memcpy(&o0, best + p0, sizeof o0);
            memcpy(&o1, best + p0 + 4, sizeof o1);
            v4s ne0 = n0 != o0, ne1 = n1 != o1;     /* -1 where a label changed */
            if (any_lane(ne0, ne1)) {
                memcpy(best + p0, &n0, sizeof n0);
                memcpy(best + p0 + 4, &n1, sizeof n1);
                v4s ne = ne0 + ne1;
                changed -= ne[0] + ne[1] + ne[2] + ne[3];
                if (mv) {
                    for (int p = 0; p < TILE; p++) {
                        int was = p < 4 ? o0[p] : o1[p - 4], now = p < 4 ? n0[p] : n1[p - 4];
                        if (now != was) tile_point_moved(mv, x, stride, p0, p, d, was, now);
                    }
                }
            }
        }
#else
        for (int p = 0; p < TILE; p++) {
            int b = (int) T.bi[p >> 2][p & 3];
            if (b != best[p0 + p]) {
                changed++;
                if (mv) tile_point_moved(mv, x, stride, p0, p, d, best[p0 + p], b);
            }
            best[p0 + p] = b;
        }
#endif
        if (second) {
            memcpy(q1 + p0, &T.b1[0], sizeof T.b1[0]);
            memcpy(q1 + p0 + 4, &T.b1[1], sizeof T.b1[1]);
            memcpy(q2 + p0, &T.b2[0], sizeof T.b2[0]);
            memcpy(q2 + p0 + 4, &T.b2[1], sizeof T.b2[1]);
        }
        if (sums)
            for (int p = 0; p < TILE; p++) {
                double *sa = sums + (R_xlen_t) best[p0 + p] * d;
                for (int t = 0; t < d; t++) sa[t] += x[(R_xlen_t) t * stride + p];
            }
    }
    return changed;
}
#endif

/* For np points (a multiple of TILE; coordinate t of point p at
 * xs[t stride + p]): best[p], the nearest of the k centres c (row-major; on
 * entry, the point's current cluster), and if q1 is given, q1[p], the
 * squared distance to the nearest, and q2[p], to the second nearest (Inf if
 * k = 1) or, through the filter F (when F->on), possibly a
 * lower bound on the squared distances to all the other centres (enough for
 * Hamerly's bounds, their only use).
 * If sums is given (k x d, row-major), the points are added to the sums of
 * their new clusters, in order, as they are assigned (unit weights): the
 * processor overlaps these additions, which wait on one another, with the
 * distances of the next points.  If mv is given, the points that change
 * cluster are moved in its sums at once, in order (if mv->sum; unit weights;
 * mv->prev[p] is point p's entry of the labels of the sums), and marked (if
 * mv->list: bit p of the bit set, which must start empty).  Returns how
 * many points changed cluster. */
KERNEL_CLONES
R_xlen_t rows_nearest(const double *xs, R_xlen_t stride, R_xlen_t np, const double *c, int k,
                      int d, int *best, double *q1, double *q2, double *sums, const moves_t *mv,
                      const filter_t *F)
{
#ifdef KMEANS_FILTER
    if (F && F->on)
        return rows_nearest_body(xs, stride, np, c, k, d, q1 != NULL, best, q1, q2, sums, mv, F);
#else
    (void) F;
#endif
#ifdef KERNEL_VECTORS
    /* the body specialised for the small dimensions (the loop over the
     * coordinates unrolled) and for whether the second best is wanted */
#define ROWS_NEAREST(dim, second) \
    rows_nearest_body(xs, stride, np, c, k, dim, second, best, q1, q2, sums, mv, NULL)
    if (q1) {
        switch (d) {
        case 1: return ROWS_NEAREST(1, 1);
        case 2: return ROWS_NEAREST(2, 1);
        case 3: return ROWS_NEAREST(3, 1);
        case 4: return ROWS_NEAREST(4, 1);
        default: return ROWS_NEAREST(d, 1);
        }
    }
    switch (d) {
    case 1: return ROWS_NEAREST(1, 0);
    case 2: return ROWS_NEAREST(2, 0);
    case 3: return ROWS_NEAREST(3, 0);
    case 4: return ROWS_NEAREST(4, 0);
    default: return ROWS_NEAREST(d, 0);
    }
#undef ROWS_NEAREST
#else
    const double inf = R_PosInf;
    R_xlen_t changed = 0;
    for (R_xlen_t p0 = 0; p0 < np; p0 += TILE) {
        const double *x = xs + p0;
        for (int p = 0; p < TILE; p++) {
            int bj = 0;
            double r1 = inf, r2 = inf;
            for (int j = 0; j < k; j++) {
                double s = 0.0;
                for (int t = 0; t < d; t++) {
                    double e = x[(R_xlen_t) t * stride + p] - c[(R_xlen_t) j * d + t];
                    s += e * e;
                }
                if (s < r1) { r2 = r1; r1 = s; bj = j; }
                else if (s < r2) r2 = s;
            }
            if (bj != best[p0 + p]) {
                changed++;
                if (mv) tile_point_moved(mv, x, stride, p0, p, d, best[p0 + p], bj);
            }
            best[p0 + p] = bj;
            if (q1) { q1[p0 + p] = r1; q2[p0 + p] = r2; }
            if (sums)
                for (int t = 0; t < d; t++) sums[(R_xlen_t) bj * d + t] += x[(R_xlen_t) t * stride + p];
        }
    }
    return changed;
#endif
}

void centres_from_r(const double *m, int k, int d, double *c)
{
    for (int j = 0; j < k; j++)
        for (int t = 0; t < d; t++) c[(R_xlen_t) j * d + t] = m[j + (R_xlen_t) t * k];
}

void centres_to_r(const double *c, int k, int d, double *m)
{
    for (int j = 0; j < k; j++)
        for (int t = 0; t < d; t++) m[j + (R_xlen_t) t * k] = c[(R_xlen_t) j * d + t];
}

void check_data(SEXP x, SEXP weights)
{
    if (TYPEOF(x) != REALSXP || !Rf_isMatrix(x))
        Rf_error(_("internal error: k-means needs a double matrix"));
    if (!Rf_isNull(weights) && (TYPEOF(weights) != REALSXP || XLENGTH(weights) != Rf_nrows(x)))
        Rf_error(_("internal error: k-means weights must be a double vector with one value per row"));
}

data_t as_data(SEXP x, SEXP weights, int threads)
{
    data_t D = {.x = REAL(x), .n = (R_xlen_t) Rf_nrows(x), .d = Rf_ncols(x),
                .w = Rf_isNull(weights) ? NULL : REAL(weights), .threads = threads};
    return D;
}
