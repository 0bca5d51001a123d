/* k-means: the nearest-centre kernel, the sums and means, the within sums of
 * squares and the re-seeding of empty groups, shared by every algorithm (see
 * kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The position of the lowest set bit of a nonzero word. */
static inline int lowest_bit(uint64_t bits)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(bits);
#else
    int p = 0;
    while (!(bits & 1)) { bits >>= 1; p++; }
    return p;
#endif
}

/* The first 64-byte boundary in a block allocated with 64 bytes to spare. */
static void *line_aligned(void *p)
{
    return (void *) (((uintptr_t) p + 63) & ~(uintptr_t) 63);
}

kernel_t kernel_alloc(R_xlen_t n, int k, int d, int threads)
{
    kernel_t K;
    K.k = k; K.d = d; K.threads = threads;
    K.per_thread = (R_xlen_t) TILE * d + d + k + 2;
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
    /* deltas of the moves: with threads, up to 64 blocks per chunk, within
     * about 1 MB (at least two blocks per thread: each then holds more
     * work than a wait costs) */
    double per_slot = (double) k * d + k;
    int slots = (int) ((double) (1 << 17) / per_slot);
    if (slots > 64) slots = 64;
    if (slots < 2 * threads) slots = 2 * threads;
    K.delta_slots = threads > 1 ? slots : 1;
    K.delta = (double *) line_aligned(R_alloc((size_t) (K.delta_slots * delta_stride(k, d) + 8),
                                              sizeof(double)));
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
void kernel_move_point(const moves_t *mv, const double *x, R_xlen_t stride, int p, int d,
                       int a, int b)
{
    if (!mv->S) return;
    double *sa = mv->S + (R_xlen_t) a * d, *sb = mv->S + (R_xlen_t) b * d;
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
 * `to`: moved in mv's sums (kernel_move_point()) and marked in mv's bit set. */
static inline void tile_point_moved(const moves_t *mv, const double *x, R_xlen_t stride,
                                    R_xlen_t p0, int p, int d, int from, int to)
{
    moves_t here = *mv;
    here.prev = mv->prev ? mv->prev + p0 : NULL;
    kernel_move_point(&here, x, stride, p, d, from, to);
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

/* rows_nearest() for given d and `second` (q1 given): constants where the
 * caller inlines it so. */
KERNEL_INLINE R_xlen_t rows_nearest_body(const double *xs, R_xlen_t stride, R_xlen_t np,
                                         const double *c, int k, int d, int second, int *best,
                                         double *q1, double *q2, double *sums,
                                         const moves_t *mv)
{
    const double inf = R_PosInf;
    const v4d zero = {0.0, 0.0, 0.0, 0.0}, vinf = {inf, inf, inf, inf};
    R_xlen_t changed = 0;
    for (R_xlen_t p0 = 0; p0 < np; p0 += TILE) {
        const double *x = xs + p0;
        tile_best_t T = {{vinf, vinf}, {vinf, vinf}, {zero, zero}};
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
 * entry, the point's current cluster), and if q1 is given, q1[p] and q2[p],
 * the squared distances to the nearest and second nearest (Inf if k = 1).
 * If sums is given (k x d, row-major), the points are added to the sums of
 * their new clusters, in order, as they are assigned (unit weights): the
 * processor overlaps these additions, which wait on one another, with the
 * distances of the next points.  If mv is given, the points that change
 * cluster are moved in its sums at once, in order (if mv->S; unit weights;
 * mv->prev[p] is point p's entry of the labels of the sums), and marked (if
 * mv->list: bit p of the bit set, which must start empty).  Returns how
 * many points changed cluster. */
KERNEL_CLONES
R_xlen_t rows_nearest(const double *xs, R_xlen_t stride, R_xlen_t np, const double *c, int k,
                      int d, int *best, double *q1, double *q2, double *sums, const moves_t *mv)
{
#ifdef KERNEL_VECTORS
    /* the body specialised for the small dimensions (the loop over the
     * coordinates unrolled) and for whether the second best is wanted */
#define ROWS_NEAREST(dim, second) \
    rows_nearest_body(xs, stride, np, c, k, dim, second, best, q1, q2, sums, mv)
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

/* ---------------------------------------------------------------------------
 * Sums and centres (see kmeans.h).  Within a block of columns a point's
 * values go to independent sums, which keeps the processor busy even when
 * neighbouring points share a cluster. */
sums_t sums_alloc(int k, int d)
{
    sums_t M;
    M.S = (double *) R_alloc((size_t) k * d, sizeof(double));
    M.wsum = (double *) R_alloc((size_t) k, sizeof(double));
    M.npos = (R_xlen_t *) R_alloc((size_t) k, sizeof(R_xlen_t));
    M.scratch = (double *) R_alloc((size_t) k * d + (size_t) 8 * d, sizeof(double));
    return M;
}


/* The column blocks of the full sums (and of the within sums of squares):
 * at most one per thread; block b holds the nb columns from t0 and its
 * k x nb sums in the scratch, from s.  The split depends on the number of
 * threads, the sums do not (each runs over the points in index order). */
typedef struct {
    int t0, nb;
    double *s;
} column_block_t;

static inline column_block_t column_block(const sums_t *M, int k, int d, int blocks, int b)
{
    column_block_t B;
    B.t0 = (int) ((R_xlen_t) d * b / blocks);
    B.nb = (int) ((R_xlen_t) d * (b + 1) / blocks) - B.t0;
    B.s = M->scratch + (R_xlen_t) k * B.t0 + (R_xlen_t) 8 * b;
    return B;
}

/* The one pass behind the full sums and the within sums of squares: for every
 * column block (one per thread at most), the k x nb weighted sums of x
 * (centres c NULL) or of squared deviations from the point's own centre c,
 * each over the points in index order, into the block's scratch.  Block 0
 * also counts the groups: weight sums and points of positive weight (if
 * wsum is given), sizes (if size is given). */
static void column_block_sums(const data_t *D, const int *label, int k, const double *c,
                              sums_t *M, double *wsum, R_xlen_t *npos, int *size)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    const int blocks = column_blocks(D);
    for (int j = 0; j < k; j++) {
        if (wsum) { wsum[j] = 0.0; npos[j] = 0; }
        if (size) size[j] = 0;
    }
#ifdef _OPENMP
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if(blocks > 1)
#endif
    for (int b = 0; b < blocks; b++) {
        column_block_t B = column_block(M, k, d, blocks, b);
        const int t0 = B.t0, nb = B.nb;
        double *s = B.s;
        const double *x0 = D->x + (R_xlen_t) t0 * n;
        for (R_xlen_t e = 0; e < (R_xlen_t) k * nb; e++) s[e] = 0.0;
        for (R_xlen_t i = 0; i < n; i++) {
            int a = label[i];
            double *sa = s + (R_xlen_t) a * nb, wi = weight(D, i);
            if (c) {
                const double *ca = c + (R_xlen_t) a * d + t0;
                for (int t = 0; t < nb; t++) {
                    double diff = x0[i + (R_xlen_t) t * n] - ca[t];
                    sa[t] += wi * (diff * diff);
                }
            } else if (D->w) {
                for (int t = 0; t < nb; t++) sa[t] += wi * x0[i + (R_xlen_t) t * n];
            } else {
                for (int t = 0; t < nb; t++) sa[t] += x0[i + (R_xlen_t) t * n];
            }
            if (b == 0) {
                if (wsum) { wsum[a] += wi; npos[a] += wi > 0; }
                if (size) size[a]++;
            }
        }
    }
}

void sums_full(const data_t *D, const int *label, int k, sums_t *M)
{
    const int d = D->d, blocks = column_blocks(D);
    column_block_sums(D, label, k, NULL, M, M->wsum, M->npos, NULL);
    for (int b = 0; b < blocks; b++) {
        column_block_t B = column_block(M, k, d, blocks, b);
        for (int j = 0; j < k; j++)
            for (int t = 0; t < B.nb; t++)
                M->S[(R_xlen_t) j * d + B.t0 + t] = B.s[(R_xlen_t) j * B.nb + t];
    }
}

/* Weighted within sums of squares and sizes: each (cluster, column) term over
 * the points in index order, then each cluster adds its columns in order. */
void within_ss(const data_t *D, const int *label, const double *c, int k,
               double *wss, int *size, sums_t *M)
{
    const int d = D->d, blocks = column_blocks(D);
    column_block_sums(D, label, k, c, M, NULL, NULL, size);
    for (int j = 0; j < k; j++) {
        double total = 0.0;
        for (int b = 0; b < blocks; b++) {
            column_block_t B = column_block(M, k, d, blocks, b);
            const double *sj = B.s + (R_xlen_t) j * B.nb;
            for (int t = 0; t < B.nb; t++) total += sj[t];
        }
        wss[j] = total;
    }
}

/* The sums of the plain pass (kmeans_batch.c), shared among the threads
 * as "owners": each adds its share of the sums, over the points in index
 * order. */
/* The share of sums owner o among `owners`: columns [t0, t1) of the clusters
 * j with j % step == first. */
typedef struct {
    int t0, t1, step, first;
} share_t;

static share_t owner_share(int o, int owners, int d)
{
    share_t s;
    if (d >= owners) {
        s.t0 = (int) ((R_xlen_t) d * o / owners);
        s.t1 = (int) ((R_xlen_t) d * (o + 1) / owners);
        s.step = 1; s.first = 0;
    } else {
        s.t0 = 0; s.t1 = d;
        s.step = owners; s.first = o;
    }
    return s;
}

/* Owner o adds the points b0..b1-1 to its share of the sums: s (k x d,
 * row-major), and with weights, for the owners of column 0, the weight sums
 * and counts of positive weights (with unit weights, block_nearest() counts
 * the points: counts are exact in any order). */
static void block_sums(const data_t *D, const int *label, R_xlen_t b0, R_xlen_t b1,
                       share_t S, double *s, double *wsum, R_xlen_t *npos)
{
    const R_xlen_t n = D->n;
    const int d = D->d, counts = S.t0 == 0, nb = S.t1 - S.t0;
    const double *x0 = D->x + (R_xlen_t) S.t0 * n;
    s += S.t0;
    if (S.step > 1) {                     /* clusters split among the owners */
        for (R_xlen_t i = b0; i < b1; i++) {
            int a = label[i];
            if (a % S.step != S.first) continue;
            double *sa = s + (R_xlen_t) a * d, wi = weight(D, i);
            for (int t = 0; t < nb; t++)
                sa[t] += D->w ? wi * x0[i + (R_xlen_t) t * n] : x0[i + (R_xlen_t) t * n];
            if (counts && D->w) { wsum[a] += wi; npos[a] += wi > 0; }
        }
    } else if (D->w) {
        for (R_xlen_t i = b0; i < b1; i++) {
            int a = label[i];
            double *sa = s + (R_xlen_t) a * d, wi = D->w[i];
            for (int t = 0; t < nb; t++) sa[t] += wi * x0[i + (R_xlen_t) t * n];
            if (counts) { wsum[a] += wi; npos[a] += wi > 0; }
        }
    } else if (nb == 1) {                 /* the common cases, unrolled */
        for (R_xlen_t i = b0; i < b1; i++) s[(R_xlen_t) label[i] * d] += x0[i];
    } else if (nb == 2) {
        for (R_xlen_t i = b0; i < b1; i++) {
            double *sa = s + (R_xlen_t) label[i] * d;
            sa[0] += x0[i];
            sa[1] += x0[i + n];
        }
    } else {
        for (R_xlen_t i = b0; i < b1; i++) {
            double *sa = s + (R_xlen_t) label[i] * d;
            for (int t = 0; t < nb; t++) sa[t] += x0[i + (R_xlen_t) t * n];
        }
    }
}

/* Owner o's share of the sums of the points b0..b1-1, into its scratch. */
void owner_block_sums(const data_t *D, const int *label, int k, R_xlen_t b0, R_xlen_t b1,
                      int o, int owners, const kernel_t *K)
{
    const R_xlen_t per_owner = (R_xlen_t) k * D->d + k + 8;
    double *s = K->owner_sums + (R_xlen_t) o * per_owner;
    block_sums(D, label, b0, b1, owner_share(o, owners, D->d), s, s + (R_xlen_t) k * D->d,
               K->owner_npos + (R_xlen_t) o * (4 * k + 8));
}

/* The sums of a pass, from the owners' shares into M. */
void gather_owner_sums(const data_t *D, int k, sums_t *M, const kernel_t *K)
{
    const int d = D->d, owners = K->threads;
    const R_xlen_t per_owner = (R_xlen_t) k * d + k + 8;
    if (!D->w)
        for (int j = 0; j < k; j++) {
            R_xlen_t count = 0;
            for (int o = 0; o < owners; o++)
                for (int copy = 0; copy < 4; copy++)
                    count += K->owner_npos[(R_xlen_t) o * (4 * k + 8) + (R_xlen_t) copy * k + j];
            M->npos[j] = count;
            M->wsum[j] = (double) count;    /* the sum of as many ones, in any order */
        }
    for (int o = 0; o < owners; o++) {
        share_t S = owner_share(o, owners, d);
        const double *s = K->owner_sums + (R_xlen_t) o * per_owner, *ws = s + (R_xlen_t) k * d;
        const R_xlen_t *np = K->owner_npos + (R_xlen_t) o * (4 * k + 8);
        for (int j = S.first; j < k; j += S.step) {
            for (int t = S.t0; t < S.t1; t++)
                M->S[(R_xlen_t) j * d + t] = s[(R_xlen_t) j * d + t];
            if (S.t0 == 0 && D->w) {
                M->npos[j] = np[j];
                M->wsum[j] = ws[j];
            }
        }
    }
}

/* Point i leaves cluster a's sums and joins cluster b's, in the columns
 * t0..t0+nb-1, whose sums are s (k x nb, row-major); with `counts`, in the
 * weights and counts too. */
static inline void move_point(const data_t *D, sums_t *M, double *s, R_xlen_t i, int a, int b,
                              int t0, int nb, int counts)
{
    double wi = weight(D, i);
    double *sa = s + (R_xlen_t) a * nb, *sb = s + (R_xlen_t) b * nb;
    const double *xi = D->x + i + (R_xlen_t) t0 * D->n;
    for (int t = 0; t < nb; t++) {
        double v = wi * xi[(R_xlen_t) t * D->n];
        sa[t] -= v;
        sb[t] += v;
    }
    if (counts) {
        M->wsum[a] -= wi;
        M->wsum[b] += wi;
        if (wi > 0) { M->npos[a]--; M->npos[b]++; }
    }
}

/* Moves by column blocks (column_blocks(), one per thread at most): each
 * block's sums are copied to its own part of the scratch, so that threads
 * never write to the same cache lines, moved there, and copied back. */
void moves_open(const data_t *D, int k, sums_t *M)
{
    const int d = D->d, blocks = column_blocks(D);
    for (int b = 0; b < blocks; b++) {
        column_block_t B = column_block(M, k, d, blocks, b);
        for (int j = 0; j < k; j++)
            for (int t = 0; t < B.nb; t++)
                B.s[(R_xlen_t) j * B.nb + t] = M->S[(R_xlen_t) j * d + B.t0 + t];
    }
}

void moves_close(const data_t *D, int k, sums_t *M)
{
    const int d = D->d, blocks = column_blocks(D);
    for (int b = 0; b < blocks; b++) {
        column_block_t B = column_block(M, k, d, blocks, b);
        for (int j = 0; j < k; j++)
            for (int t = 0; t < B.nb; t++)
                M->S[(R_xlen_t) j * d + B.t0 + t] = B.s[(R_xlen_t) j * B.nb + t];
    }
}

/* Column block b's share of the moves of the points r0..r1-1 (r0 a multiple
 * of `batch`): the points whose label differs from prev leave their old
 * cluster's sums and join their new one's, in index order.  Only the
 * batches where the last pass counted changes are looked at, and within
 * them, if `moved` is given, only the points marked in that bit set (bit i
 * for point i).  Block 0 also moves the weights and counts.  prev is left
 * to moves_prev(), once every block has read it. */
void moves_block(const data_t *D, const int *label, const int *prev, int k, sums_t *M,
                 const int *batch_changes, const uint64_t *moved, R_xlen_t batch,
                 R_xlen_t r0, R_xlen_t r1, int b)
{
    column_block_t B = column_block(M, k, D->d, column_blocks(D), b);
    for (R_xlen_t b0 = r0; b0 < r1; b0 += batch) {
        if (batch_changes[b0 / batch] == 0) continue;
        R_xlen_t b1 = b0 + batch < r1 ? b0 + batch : r1;
        if (moved) {
            /* the marked points are far apart: their labels and values are
             * asked for all at once first, so that the memory accesses
             * overlap */
            for (R_xlen_t w0 = b0; w0 < b1; w0 += 64)
                for (uint64_t bits = moved[w0 >> 6]; bits; bits &= bits - 1) {
                    R_xlen_t i = w0 + lowest_bit(bits);
                    PREFETCH(prev + i);
                    PREFETCH(label + i);
                    for (int t = 0; t < B.nb; t++) PREFETCH(D->x + i + (R_xlen_t) (B.t0 + t) * D->n);
                }
            for (R_xlen_t w0 = b0; w0 < b1; w0 += 64)
                for (uint64_t bits = moved[w0 >> 6]; bits; bits &= bits - 1) {
                    R_xlen_t i = w0 + lowest_bit(bits);
                    move_point(D, M, B.s, i, prev[i], label[i], B.t0, B.nb, b == 0);
                }
        } else {
            for (R_xlen_t i = b0; i < b1; i++)
                if (prev[i] != label[i])
                    move_point(D, M, B.s, i, prev[i], label[i], B.t0, B.nb, b == 0);
        }
    }
}

/* prev brought up to date for the points r0..r1-1 (those marked in `moved`
 * if given), in the batches with changes. */
void moves_prev(const int *label, int *prev, const int *batch_changes, const uint64_t *moved,
                R_xlen_t batch, R_xlen_t r0, R_xlen_t r1)
{
    for (R_xlen_t b0 = r0; b0 < r1; b0 += batch) {
        if (batch_changes[b0 / batch] == 0) continue;
        R_xlen_t b1 = b0 + batch < r1 ? b0 + batch : r1;
        if (moved) {
            for (R_xlen_t w0 = b0; w0 < b1; w0 += 64)
                for (uint64_t bits = moved[w0 >> 6]; bits; bits &= bits - 1) {
                    R_xlen_t i = w0 + lowest_bit(bits);
                    prev[i] = label[i];
                }
        } else {
            for (R_xlen_t i = b0; i < b1; i++) prev[i] = label[i];
        }
    }
}

/* All the moves of a pass at once, after it (see moves_block()): every sum
 * sees the same moves in the same order whatever the number of threads. */
void sums_move(const data_t *D, const int *label, int *prev, int k, sums_t *M,
               const int *batch_changes, const uint64_t *moved, R_xlen_t batch)
{
    const int blocks = column_blocks(D);
    moves_open(D, k, M);
#ifdef _OPENMP
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if(blocks > 1)
#endif
    for (int b = 0; b < blocks; b++)
        moves_block(D, label, prev, k, M, batch_changes, moved, batch, 0, D->n, b);
    moves_prev(label, prev, batch_changes, moved, batch, 0, D->n);
    moves_close(D, k, M);
}

/* Centres = sums / weights; an empty cluster keeps its centre until it is
 * re-seeded.  Returns the number of empty clusters. */
int means_from_sums(const sums_t *M, int k, int d, double *c)
{
    int empty = 0;
    for (int j = 0; j < k; j++) {
        if (M->npos[j] > 0) {
            for (int t = 0; t < d; t++)
                c[(R_xlen_t) j * d + t] = M->S[(R_xlen_t) j * d + t] / M->wsum[j];
        } else {
            empty++;
        }
    }
    return empty;
}

int cluster_means(const data_t *D, const int *label, int k, double *c, sums_t *M)
{
    sums_full(D, label, k, M);
    return means_from_sums(M, k, D->d, c);
}

/* Re-seed every empty cluster with the point farthest from its own centre
 * (that point leaves its cluster, which must keep another point of positive
 * weight), then recompute the sums and means.  Points that moved get bounds
 * that force a full search (upper = Inf, lower = 0) when Hamerly's bounds
 * are given.  Returns -1 if no point is left that differs from its centre:
 * fewer distinct points than clusters. */
int reseed_empty(const data_t *D, int *label, int k, double *c, sums_t *M,
                 double *upper, double *lower)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    /* called inside the iterations: its scratch is released on return */
    const void *vmax = vmaxget();
    double *far = (double *) R_alloc((size_t) n, sizeof(double));
    double *xi = (double *) R_alloc((size_t) d, sizeof(double));
    for (R_xlen_t i = 0; i < n; i++) {
        if (weight(D, i) > 0) {
            load_point(D, i, xi);
            far[i] = sqdist(xi, c + (R_xlen_t) label[i] * d, d);
        } else {
            far[i] = -1.0;
        }
    }
    for (int j = 0; j < k; j++) {
        if (M->npos[j] > 0) continue;
        R_xlen_t pick = -1;
        double best = 0.0;
        for (R_xlen_t i = 0; i < n; i++) {
            if (far[i] > best && M->npos[label[i]] > 1) {
                best = far[i];
                pick = i;
            }
        }
        if (pick < 0) {
            vmaxset(vmax);
            return -1;
        }
        M->npos[label[pick]]--;
        M->npos[j]++;
        label[pick] = j;
        far[pick] = -1.0;
        load_point(D, pick, c + (R_xlen_t) j * d);
        if (upper) { upper[pick] = R_PosInf; lower[pick] = 0.0; }
    }
    vmaxset(vmax);
    cluster_means(D, label, k, c, M);
    return 0;
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
    data_t D = {REAL(x), (R_xlen_t) Rf_nrows(x), Rf_ncols(x),
                Rf_isNull(weights) ? NULL : REAL(weights), threads};
    return D;
}
