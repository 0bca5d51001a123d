/* k-means: k-means++ and random starts, the batch algorithms of Lloyd and
 * Hamerly (which gives exactly Lloyd's result while skipping most distances),
 * Hartigan and Wong's algorithm AS 136 finished by Hartigan's exchange,
 * MacQueen's online updates, and the nearest-centre assignment of new points.
 *
 * Data stay in R's column-major n x d layout (never copied); centres are kept
 * row-major (k x d, one centre per row of d contiguous values).
 *
 * Exactness.  Every squared distance is the same sequence of IEEE operations
 * as in R's Lloyd (differences, squares, sums over the coordinates in order)
 * and ties go to the lowest-numbered centre.  Batch centres are sums divided
 * by weights; between two passes the sums are either recomputed in full (in
 * index order, as R's Lloyd) or brought up to date by moving the few points
 * that changed cluster, and a fit only converges on sums recomputed in full.
 * Lloyd and Hamerly run the same loop and make the same moves, so their
 * results are bitwise identical; from the same centres they also give R's
 * partition and centres.
 *
 * Determinism.  The result does not depend on the number of threads: only
 * per-point work runs in parallel (each point writes its own entries), and
 * sums over points are split by columns, each running over the points in
 * index order.  No R API is called inside a parallel region; user interrupts
 * are checked between regions. */
#include "sdsante.h"
#include <float.h>
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { ALGO_HAMERLY = 1, ALGO_LLOYD = 2, ALGO_HARTIGAN = 3, ALGO_MACQUEEN = 4 };
enum { STATUS_OK = 0, STATUS_TOO_FEW_DISTINCT = 1 };

/* Ask for a cache line ahead of its use (a hint; nothing without GCC/clang). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void) 0)
#endif

/* Points per parallel pass between two checks for a user interrupt. */
#define POINTS_PER_CHECK ((R_xlen_t) 1 << 20)

typedef struct {
    const double *x;   /* n x d, column-major */
    R_xlen_t n;
    int d;
    const double *w;   /* observation weights, or NULL for unit weights */
    int threads;
} data_t;

static inline double weight(const data_t *D, R_xlen_t i)
{
    return D->w ? D->w[i] : 1.0;
}

static inline void load_point(const data_t *D, R_xlen_t i, double *xi)
{
    for (int t = 0; t < D->d; t++) xi[t] = D->x[i + (R_xlen_t) t * D->n];
}

/* The one squared distance used everywhere (as R's Lloyd: differences
 * squared and summed over the coordinates in order). */
static inline double sqdist(const double *a, const double *b, int d)
{
    double s = 0.0;
    for (int t = 0; t < d; t++) {
        double diff = a[t] - b[t];
        s += diff * diff;
    }
    return s;
}

/* Squared distances from xi to every centre, several centres at a time so
 * that their sums progress together (the processor overlaps them); each sum
 * still runs over the coordinates in order, so every value is exactly the
 * one sqdist() gives. */
static inline void sqdist_all(const double *xi, const double *c, int k, int d, double *q)
{
    int j = 0;
    for (; j + 8 <= k; j += 8) {
        const double *c0 = c + (R_xlen_t) j * d;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0;
        for (int t = 0; t < d; t++) {
            double v = xi[t];
            double e0 = v - c0[t], e1 = v - c0[d + t], e2 = v - c0[2 * d + t],
                e3 = v - c0[3 * d + t], e4 = v - c0[4 * d + t], e5 = v - c0[5 * d + t],
                e6 = v - c0[6 * d + t], e7 = v - c0[7 * d + t];
            s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
            s4 += e4 * e4; s5 += e5 * e5; s6 += e6 * e6; s7 += e7 * e7;
        }
        q[j] = s0; q[j + 1] = s1; q[j + 2] = s2; q[j + 3] = s3;
        q[j + 4] = s4; q[j + 5] = s5; q[j + 6] = s6; q[j + 7] = s7;
    }
    for (; j + 2 <= k; j += 2) {
        const double *c0 = c + (R_xlen_t) j * d;
        double s0 = 0.0, s1 = 0.0;
        for (int t = 0; t < d; t++) {
            double e0 = xi[t] - c0[t], e1 = xi[t] - c0[d + t];
            s0 += e0 * e0; s1 += e1 * e1;
        }
        q[j] = s0; q[j + 1] = s1;
    }
    if (j < k) q[j] = sqdist(xi, c + (R_xlen_t) j * d, d);
}

/* Nearest centre, the lowest index winning ties (as R's Lloyd); q: k scratch. */
static inline int nearest(const double *xi, const double *c, int k, int d, double *q,
                          double *q_best)
{
    sqdist_all(xi, c, k, d, q);
    int best = 0;
    double bq = q[0];
    for (int j = 1; j < k; j++)
        if (q[j] < bq) { bq = q[j]; best = j; }
    *q_best = bq;
    return best;
}

/* ---------------------------------------------------------------------------
 * The nearest-centre kernel of the batch passes: distances from TILE points
 * to 4 centres at a time, which the processor computes in parallel (two
 * centres per SSE2 instruction where available).  Each distance is the same
 * sequence of IEEE operations as sqdist() (differences, squares, sums over
 * the coordinates in order), so the results are bitwise those of the plain
 * loop, and R's Lloyd.  The centres are kept transposed (d x kp, kp = k
 * rounded up to a multiple of 4, padded with zeros); the points' coordinates
 * are gathered twice each (t-major) so that one load fills both lanes. */
#define TILE 4        /* points per tile */
#define BATCH 512     /* points whose bounds are checked before their full searches */

typedef struct {
    int k, kp, d, threads;  /* threads: those of the next pass (at most the scratch's) */
    double *ct;           /* d x kp transposed centres */
    double *scratch;      /* per thread: tile points, tile distances, one point */
    R_xlen_t *lists;      /* per thread: 2 BATCH point indices */
    R_xlen_t per_thread;
    int *batch_changes;   /* points that changed cluster in each batch at the last pass */
} kernel_t;

static kernel_t kernel_alloc(R_xlen_t n, int k, int d, int threads)
{
    kernel_t K;
    K.k = k; K.d = d; K.threads = threads;
    K.kp = (k + 3) / 4 * 4;
    K.ct = (double *) R_alloc((size_t) d * K.kp, sizeof(double));
    K.per_thread = (R_xlen_t) 2 * TILE * d + (R_xlen_t) TILE * K.kp + d + k + 2;
    K.scratch = (double *) R_alloc((size_t) (threads * K.per_thread), sizeof(double));
    K.lists = (R_xlen_t *) R_alloc((size_t) threads * 2 * BATCH, sizeof(R_xlen_t));
    K.batch_changes = (int *) R_alloc((size_t) (n / BATCH + 1), sizeof(int));
    return K;
}

static void kernel_centres(kernel_t *K, const double *c)
{
    for (int t = 0; t < K->d; t++)
        for (int j = 0; j < K->kp; j++)
            K->ct[(R_xlen_t) t * K->kp + j] = j < K->k ? c[(R_xlen_t) j * K->d + t] : 0.0;
}

/* this thread's scratch: tile points (2 TILE d), tile distances (TILE kp),
 * then room for one point and its k distances (d + k) */
static inline double *kernel_tile(const kernel_t *K)
{
    return K->scratch + (R_xlen_t) sds_thread_id() * K->per_thread;
}

static inline double *kernel_point(const kernel_t *K, double *tile)
{
    return tile + (R_xlen_t) 2 * TILE * K->d + (R_xlen_t) TILE * K->kp;
}

static inline void tile_gather(const data_t *D, const R_xlen_t *idx, double *xdup)
{
    for (int t = 0; t < D->d; t++) {
        const double *xt = D->x + (R_xlen_t) t * D->n;
        double *row = xdup + (R_xlen_t) t * 2 * TILE;
        for (int p = 0; p < TILE; p++) {
            double v = xt[idx[p]];
            row[2 * p] = v;
            row[2 * p + 1] = v;
        }
    }
}

/* q[p * kp + j] = squared distance from tile point p to centre j */
static inline void tile_sqdist(const double *xdup, const kernel_t *K, double *q)
{
    const int kp = K->kp, d = K->d;
    for (int j = 0; j < kp; j += 4) {
#ifdef __SSE2__
        __m128d a00 = _mm_setzero_pd(), a01 = a00, a10 = a00, a11 = a00,
            a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int t = 0; t < d; t++) {
            const double *ctt = K->ct + (R_xlen_t) t * kp + j, *xt = xdup + (R_xlen_t) t * 2 * TILE;
            __m128d c0 = _mm_loadu_pd(ctt), c1 = _mm_loadu_pd(ctt + 2), v, e;
            v = _mm_loadu_pd(xt);
            e = _mm_sub_pd(v, c0); a00 = _mm_add_pd(a00, _mm_mul_pd(e, e));
            e = _mm_sub_pd(v, c1); a01 = _mm_add_pd(a01, _mm_mul_pd(e, e));
            v = _mm_loadu_pd(xt + 2);
            e = _mm_sub_pd(v, c0); a10 = _mm_add_pd(a10, _mm_mul_pd(e, e));
            e = _mm_sub_pd(v, c1); a11 = _mm_add_pd(a11, _mm_mul_pd(e, e));
            v = _mm_loadu_pd(xt + 4);
            e = _mm_sub_pd(v, c0); a20 = _mm_add_pd(a20, _mm_mul_pd(e, e));
            e = _mm_sub_pd(v, c1); a21 = _mm_add_pd(a21, _mm_mul_pd(e, e));
            v = _mm_loadu_pd(xt + 6);
            e = _mm_sub_pd(v, c0); a30 = _mm_add_pd(a30, _mm_mul_pd(e, e));
            e = _mm_sub_pd(v, c1); a31 = _mm_add_pd(a31, _mm_mul_pd(e, e));
        }
        _mm_storeu_pd(q + j, a00); _mm_storeu_pd(q + j + 2, a01);
        _mm_storeu_pd(q + kp + j, a10); _mm_storeu_pd(q + kp + j + 2, a11);
        _mm_storeu_pd(q + 2 * kp + j, a20); _mm_storeu_pd(q + 2 * kp + j + 2, a21);
        _mm_storeu_pd(q + 3 * kp + j, a30); _mm_storeu_pd(q + 3 * kp + j + 2, a31);
#else
        for (int p = 0; p < TILE; p++) {
            double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
            for (int t = 0; t < d; t++) {
                const double *ctt = K->ct + (R_xlen_t) t * kp + j;
                double v = xdup[(R_xlen_t) t * 2 * TILE + 2 * p];
                double e0 = v - ctt[0], e1 = v - ctt[1], e2 = v - ctt[2], e3 = v - ctt[3];
                s0 += e0 * e0; s1 += e1 * e1; s2 += e2 * e2; s3 += e3 * e3;
            }
            q[p * kp + j] = s0; q[p * kp + j + 1] = s1;
            q[p * kp + j + 2] = s2; q[p * kp + j + 3] = s3;
        }
#endif
    }
}

/* ---------------------------------------------------------------------------
 * Sums and centres.
 * A full computation sums the points of each cluster in index order, column
 * by column, exactly as R's Lloyd does; the columns are split into blocks,
 * one per thread at most, so every sum is the same whatever the number of
 * threads.  Within a block a point's values go to independent sums, which
 * keeps the processor busy even when neighbouring points share a cluster.
 * Between full computations the sums can be brought up to date by taking
 * out and adding in the few points that changed cluster. */
typedef struct {
    double *S;         /* k x d sums, row-major */
    double *wsum;      /* k: weight of each cluster */
    R_xlen_t *npos;    /* k: points of positive weight in each cluster */
    double *scratch;   /* per-block sums, k * d + 8 * d */
} sums_t;

static sums_t sums_alloc(int k, int d)
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

static inline int column_blocks(const data_t *D)
{
    return D->threads < D->d ? D->threads : D->d;
}

static inline column_block_t column_block(const sums_t *M, int k, int d, int blocks, int b)
{
    column_block_t B;
    B.t0 = (int) ((R_xlen_t) d * b / blocks);
    B.nb = (int) ((R_xlen_t) d * (b + 1) / blocks) - B.t0;
    B.s = M->scratch + (R_xlen_t) k * B.t0 + (R_xlen_t) 8 * b;
    return B;
}

static void sums_full(const data_t *D, const int *label, int k, sums_t *M)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    const int blocks = column_blocks(D);
    double *wsum = M->wsum;
    R_xlen_t *npos = M->npos;
    for (int j = 0; j < k; j++) { wsum[j] = 0.0; npos[j] = 0; }
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
            double *sa = s + (R_xlen_t) a * nb;
            if (D->w) {
                double wi = D->w[i];
                for (int t = 0; t < nb; t++) sa[t] += wi * x0[i + (R_xlen_t) t * n];
                if (b == 0) { wsum[a] += wi; npos[a] += wi > 0; }
            } else {
                for (int t = 0; t < nb; t++) sa[t] += x0[i + (R_xlen_t) t * n];
                if (b == 0) { wsum[a] += 1.0; npos[a]++; }
            }
        }
    }
    for (int b = 0; b < blocks; b++) {
        column_block_t B = column_block(M, k, d, blocks, b);
        for (int j = 0; j < k; j++)
            for (int t = 0; t < B.nb; t++)
                M->S[(R_xlen_t) j * d + B.t0 + t] = B.s[(R_xlen_t) j * B.nb + t];
    }
}

/* The points whose label differs from prev leave their old cluster's sums
 * and join their new one's, in index order; prev is brought up to date.
 * Only the batches of points where the last pass counted changes are
 * looked at. */
static void sums_move(const data_t *D, const int *label, int *prev, sums_t *M,
                      const int *batch_changes, R_xlen_t batch)
{
    const int d = D->d;
    for (R_xlen_t i = 0; i < D->n; i++) {
        if (batch_changes[i / batch] == 0) {
            i += batch - 1 - i % batch;
            continue;
        }
        int a = prev[i], b = label[i];
        if (a == b) continue;
        double wi = weight(D, i);
        double *sa = M->S + (R_xlen_t) a * d, *sb = M->S + (R_xlen_t) b * d;
        for (int t = 0; t < d; t++) {
            double v = wi * D->x[i + (R_xlen_t) t * D->n];
            sa[t] -= v;
            sb[t] += v;
        }
        M->wsum[a] -= wi;
        M->wsum[b] += wi;
        if (wi > 0) { M->npos[a]--; M->npos[b]++; }
        prev[i] = b;
    }
}

/* Centres = sums / weights; an empty cluster keeps its centre until it is
 * re-seeded.  Returns the number of empty clusters. */
static int means_from_sums(const sums_t *M, int k, int d, double *c)
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

static int cluster_means(const data_t *D, const int *label, int k, double *c, sums_t *M)
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
static int reseed_empty(const data_t *D, int *label, int k, double *c, sums_t *M,
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

/* ---------------------------------------------------------------------------
 * Assignment of every point to its nearest centre; returns how many points
 * changed cluster.  `q` (optional) receives the squared distances. */
static R_xlen_t assign_all(const data_t *D, const double *c, int k, int *label,
                           double *q, kernel_t *K)
{
    R_xlen_t changed = 0;
    const int kp = K->kp;
    kernel_centres(K, c);
    for (R_xlen_t start = 0; start < D->n; start += POINTS_PER_CHECK) {
        R_xlen_t end = start + POINTS_PER_CHECK < D->n ? start + POINTS_PER_CHECK : D->n;
#ifdef _OPENMP
#pragma omp parallel num_threads(K->threads) reduction(+:changed) if(K->threads > 1)
#endif
        {
            double *xdup = kernel_tile(K), *qt = xdup + (R_xlen_t) 2 * TILE * K->d;
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
            for (R_xlen_t b0 = start; b0 < end; b0 += BATCH) {
                R_xlen_t b1 = b0 + BATCH < end ? b0 + BATCH : end;
                int batch_changed = 0;
                for (R_xlen_t i0 = b0; i0 < b1; i0 += TILE) {
                    R_xlen_t idx[TILE];
                    int m = b1 - i0 < TILE ? (int) (b1 - i0) : TILE;
                    for (int p = 0; p < TILE; p++) idx[p] = i0 + (p < m ? p : m - 1);
                    tile_gather(D, idx, xdup);
                    tile_sqdist(xdup, K, qt);
                    for (int p = 0; p < m; p++) {
                        const double *qp = qt + (R_xlen_t) p * kp;
                        int best = 0;
                        double qb = qp[0];
                        for (int j = 1; j < k; j++)
                            if (qp[j] < qb) { qb = qp[j]; best = j; }
                        if (best != label[idx[p]]) { label[idx[p]] = best; batch_changed++; }
                        if (q) q[idx[p]] = qb;
                    }
                }
                K->batch_changes[b0 / BATCH] = batch_changed;
                changed += batch_changed;
            }
        }
        if (end < D->n) R_CheckUserInterrupt();
    }
    return changed;
}

/* ---------------------------------------------------------------------------
 * Hamerly's bounds (Hamerly 2010, "Making k-means even faster").
 * upper[i] >= distance to the own centre, lower[i] <= distance to every other
 * centre, half_gap[j] <= half the distance from centre j to the nearest other.
 * A point whose upper bound is below max(half_gap, lower) keeps its centre
 * without computing any distance.
 *
 * Exactness: the bounds are kept conservative for floating point (every
 * update rounds outwards by a relative margin `delta` far above the rounding
 * error of a squared distance in d dimensions), and a point is skipped only
 * when its own centre is closer than any other by that margin.  The computed
 * squared distances then order the centres the same way, so Lloyd would keep
 * the same centre too; every other point gets the same full search as Lloyd
 * (same distances, lowest index on ties).  Hence the same partition, and, as
 * the centres are recomputed by the same sums, bitwise the same centres. */
#define ABS_SLACK 1e-150   /* covers underflow of squared distances */

typedef struct {
    double delta;
    double *upper, *lower;
    double *half_gap;      /* k */
    double *moved;         /* k: how far each centre moved (upper bound) */
    int far1;              /* centre that moved most */
    double move1, move2;   /* largest and second largest moves */
} hamerly_t;

static inline double round_up(double v, double delta)
{
    return v * (1.0 + delta) + ABS_SLACK;
}

static inline double round_down(double v, double delta)
{
    double r = v * (1.0 - delta) - ABS_SLACK;
    return r > 0.0 ? r : 0.0;
}

static void hamerly_half_gaps(hamerly_t *H, const double *c, int k, int d)
{
    for (int j = 0; j < k; j++) {
        double m = R_PosInf;
        for (int l = 0; l < k; l++) {
            if (l == j) continue;
            double q = sqdist(c + (R_xlen_t) j * d, c + (R_xlen_t) l * d, d);
            if (q < m) m = q;
        }
        H->half_gap[j] = round_down(0.5 * sqrt(m), H->delta);
    }
}

static void hamerly_moves(hamerly_t *H, const double *old_c, const double *c, int k, int d)
{
    H->far1 = 0; H->move1 = 0.0; H->move2 = 0.0;
    for (int j = 0; j < k; j++) {
        double p = sqrt(sqdist(old_c + (R_xlen_t) j * d, c + (R_xlen_t) j * d, d));
        H->moved[j] = p > 0 ? round_up(p, H->delta) : 0.0;
        if (H->moved[j] > H->move1) {
            H->move2 = H->move1;
            H->move1 = H->moved[j];
            H->far1 = j;
        } else if (H->moved[j] > H->move2) {
            H->move2 = H->moved[j];
        }
    }
}

/* One Hamerly pass.  `first`: no bounds yet, full search for every point.
 * Otherwise the bounds are first moved by the centres' last moves. */
static R_xlen_t hamerly_pass(const data_t *D, const double *c, int k, int *label,
                             hamerly_t *H, int first, kernel_t *K)
{
    const int d = D->d, kp = K->kp;
    const double delta = H->delta, skip_factor = 1.0 + 8.0 * delta;
    const double *moved = H->moved, *half_gap = H->half_gap;
    const double move1 = H->move1, move2 = H->move2;
    const int far1 = H->far1;
    double *upper = H->upper, *lower = H->lower;
    R_xlen_t changed = 0;
    kernel_centres(K, c);
    for (R_xlen_t start = 0; start < D->n; start += POINTS_PER_CHECK) {
        R_xlen_t end = start + POINTS_PER_CHECK < D->n ? start + POINTS_PER_CHECK : D->n;
#ifdef _OPENMP
#pragma omp parallel num_threads(K->threads) reduction(+:changed) if(K->threads > 1)
#endif
        {
            double *xdup = kernel_tile(K), *qt = xdup + (R_xlen_t) 2 * TILE * d;
            double *xi = kernel_point(K, xdup);
            R_xlen_t *list = K->lists + (R_xlen_t) sds_thread_id() * 2 * BATCH, *tight = list + BATCH;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
            for (R_xlen_t b0 = start; b0 < end; b0 += BATCH) {
                R_xlen_t b1 = b0 + BATCH < end ? b0 + BATCH : end;
                int nl = 0, batch_changed = 0;
                /* bounds first; the points they cannot settle have their
                 * coordinates fetched (all at once, to overlap the memory
                 * accesses), their upper bound tightened, and if still
                 * needed go to the list of full searches */
                int nt = 0;
                for (R_xlen_t i = b0; i < b1; i++) {
                    if (first) {
                        list[nl++] = i;
                        continue;
                    }
                    int a = label[i];
                    double u = round_up(upper[i] + moved[a], delta);
                    double l = round_down(lower[i] - (a == far1 ? move2 : move1), delta);
                    double m = l > half_gap[a] ? l : half_gap[a];
                    upper[i] = u;
                    lower[i] = l;
                    if (u * skip_factor < m) continue;
                    tight[nt++] = i;
                    for (int t = 0; t < d; t++) PREFETCH(D->x + i + (R_xlen_t) t * D->n);
                }
                for (int e = 0; e < nt; e++) {
                    R_xlen_t i = tight[e];
                    int a = label[i];
                    double m = lower[i] > half_gap[a] ? lower[i] : half_gap[a];
                    load_point(D, i, xi);
                    double u = round_up(sqrt(sqdist(xi, c + (R_xlen_t) a * d, d)), delta);
                    if (u * skip_factor < m) {
                        upper[i] = u;
                        continue;
                    }
                    list[nl++] = i;
                }
                /* full searches, exactly as Lloyd's, also keeping the second best */
                for (int m0 = 0; m0 < nl; m0 += TILE) {
                    R_xlen_t idx[TILE];
                    int mm = nl - m0 < TILE ? nl - m0 : TILE;
                    for (int p = 0; p < TILE; p++) idx[p] = list[m0 + (p < mm ? p : mm - 1)];
                    tile_gather(D, idx, xdup);
                    tile_sqdist(xdup, K, qt);
                    for (int p = 0; p < mm; p++) {
                        const double *qp = qt + (R_xlen_t) p * kp;
                        int best = 0;
                        double q1 = qp[0], q2 = R_PosInf;
                        for (int j = 1; j < k; j++) {
                            if (qp[j] < q1) { q2 = q1; q1 = qp[j]; best = j; }
                            else if (qp[j] < q2) q2 = qp[j];
                        }
                        R_xlen_t i = idx[p];
                        upper[i] = round_up(sqrt(q1), delta);
                        lower[i] = round_down(sqrt(q2), delta);
                        if (best != label[i]) { label[i] = best; batch_changed++; }
                    }
                }
                K->batch_changes[b0 / BATCH] = batch_changed;
                changed += batch_changed;
            }
        }
        if (end < D->n) R_CheckUserInterrupt();
    }
    return changed;
}

/* ---------------------------------------------------------------------------
 * The fit.  Results go to `label` (0-based) and `c`; the return value is the
 * status, the number of iterations and convergence through pointers. */
typedef struct {
    int algorithm;
    int iter_max;
    double tol;       /* absolute: sum of squared centre moves */
    int trace;
} fit_options;

static double total_shift(const double *old_c, const double *c, int k, int d)
{
    double s = 0.0;
    for (int j = 0; j < k; j++)
        s += sqdist(old_c + (R_xlen_t) j * d, c + (R_xlen_t) j * d, d);
    return s;
}

/* Threads for Hamerly's light passes.  Once the centres settle, a pass only
 * checks bounds and computes a few distances: a few milliseconds, where
 * waiting for a thread that another program keeps off its core costs more
 * than the thread brings.  As the result is the same whatever the number of
 * threads, the number can be chosen by the clock: the light passes run with
 * all the threads or with one, whichever has been faster lately (each is
 * timed again now and then).  Heavy passes always use all the threads. */
typedef struct {
    int threads;          /* asked for */
    double time[2];       /* recent seconds per pass: [0] one thread, [1] all */
    int runs[2];
    int pass;
} pacing_t;

static int pacing_choose(pacing_t *P)
{
    if (P->threads < 2) return 0;
    P->pass++;
    if (P->runs[1] < 2) return 1;
    if (P->runs[0] < 2) return 0;
    int faster = P->time[1] <= P->time[0];
    return P->pass % 8 == 0 ? !faster : faster;    /* now and then, the other */
}

static double pacing_clock(void)
{
#ifdef _OPENMP
    return omp_get_wtime();
#else
    return 0.0;
#endif
}

static void pacing_record(pacing_t *P, int mode, double seconds)
{
    P->time[mode] = P->runs[mode] ? 0.7 * P->time[mode] + 0.3 * seconds : seconds;
    P->runs[mode]++;
}

/* Lloyd and Hamerly share this loop, and differ only in how a pass finds the
 * nearest centres (the same ones), so they make the same moves: assign; stop
 * if nothing changed; otherwise update the sums (in full after large
 * changes, else by moving the points that changed), re-seed empty clusters,
 * take the means, and stop early if the centres barely moved (tol).
 * Convergence is only declared on centres computed in full, as R's Lloyd
 * computes them (sums in index order, then divided): if a pass changes
 * nothing with centres that were brought up to date point by point, they
 * are recomputed in full and checked once more. */
static int fit_batch(const data_t *D, int k, const fit_options *o, int *label,
                     double *c, sums_t *M, kernel_t *K, int *iter, int *converged)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    int hamerly = o->algorithm == ALGO_HAMERLY && k > 1;
    hamerly_t H;
    double *old_c = (double *) R_alloc((size_t) k * d, sizeof(double));
    int *prev = (int *) R_alloc((size_t) n, sizeof(int));
    if (hamerly) {
        H.delta = 8.0 * (d + 4) * DBL_EPSILON;
        H.upper = (double *) R_alloc((size_t) n, sizeof(double));
        H.lower = (double *) R_alloc((size_t) n, sizeof(double));
        H.half_gap = (double *) R_alloc((size_t) k, sizeof(double));
        H.moved = (double *) R_alloc((size_t) k, sizeof(double));
    }
    for (R_xlen_t i = 0; i < n; i++) label[i] = -1;
    *converged = 0;
    *iter = 0;
    int exact = 0, first = 1, stop_on_tol = 0;
    pacing_t P = {K->threads, {0.0, 0.0}, {0, 0}, 0};
    R_xlen_t heavy = n / 8;   /* a pass that changed this many points was heavy */
    R_xlen_t last_changed = n;
    for (;;) {
        R_xlen_t changed;
        if (hamerly) {
            hamerly_half_gaps(&H, c, k, d);
            int mode = 1;
            if (!first && last_changed < heavy) mode = pacing_choose(&P);
            K->threads = mode ? P.threads : 1;
            double start = pacing_clock();
            changed = hamerly_pass(D, c, k, label, &H, first, K);
            if (!first && last_changed < heavy) pacing_record(&P, mode, pacing_clock() - start);
            K->threads = P.threads;
            last_changed = changed;
        } else {
            changed = assign_all(D, c, k, label, NULL, K);
        }
        first = 0;
        if (o->trace)
            Rprintf(_("k-means iteration %d: number of points that changed group: %.0f\n"), *iter + 1,
                    (double) changed);
        memcpy(old_c, c, (size_t) k * d * sizeof(double));
        if (changed == 0) {
            if (exact) {
                (*iter)++;
                *converged = 1;
                break;
            }
            sums_full(D, label, k, M);      /* check on centres computed in full */
            means_from_sums(M, k, d, c);
            exact = 1;
        } else {
            (*iter)++;
            if (*iter == 1 || changed >= n / 8) {
                sums_full(D, label, k, M);
                memcpy(prev, label, (size_t) n * sizeof(int));
                exact = 1;
            } else {
                sums_move(D, label, prev, M, K->batch_changes, BATCH);
                exact = 0;
            }
            if (means_from_sums(M, k, d, c) > 0) {
                if (reseed_empty(D, label, k, c, M, hamerly ? H.upper : NULL,
                                 hamerly ? H.lower : NULL) < 0)
                    return STATUS_TOO_FEW_DISTINCT;
                memcpy(prev, label, (size_t) n * sizeof(int));
                exact = 1;
            }
        }
        if (hamerly) hamerly_moves(&H, old_c, c, k, d);
        if (*iter >= o->iter_max && changed > 0) break;    /* not converged */
        if (o->tol > 0 && changed > 0 && total_shift(old_c, c, k, d) <= o->tol) {
            *converged = 1;
            stop_on_tol = 1;
            break;
        }
        R_CheckUserInterrupt();
    }
    if (!*converged || stop_on_tol) {
        /* labels must match the returned centres; those in full.  old_c
         * still holds the centres of the last pass, from which the bounds
         * must move. */
        if (!exact) {
            sums_full(D, label, k, M);
            means_from_sums(M, k, d, c);
            if (hamerly) hamerly_moves(&H, old_c, c, k, d);
        }
        if (hamerly) {
            hamerly_half_gaps(&H, c, k, d);
            hamerly_pass(D, c, k, label, &H, 0, K);
        } else {
            assign_all(D, c, k, label, NULL, K);
        }
    }
    return STATUS_OK;
}

/* One group: every point in it, its centre the mean computed as Lloyd's
 * first pass does (hence the same centre), converged in one iteration as
 * stats::kmeans counts it (Lloyd would count a second, checking pass). */
static int fit_one(const data_t *D, const fit_options *o, int *label, double *c,
                   sums_t *M, int *iter, int *converged)
{
    for (R_xlen_t i = 0; i < D->n; i++) label[i] = 0;
    cluster_means(D, label, 1, c, M);
    if (o->trace)
        Rprintf(_("k-means iteration %d: number of points that changed group: %.0f\n"), 1,
                (double) D->n);
    *iter = 1;
    *converged = 1;
    return STATUS_OK;
}

/* Start of the one-point-at-a-time methods: nearest centres, then means. */
static int start_online(const data_t *D, int k, int *label, double *c, sums_t *M,
                        kernel_t *K)
{
    for (R_xlen_t i = 0; i < D->n; i++) label[i] = -1;
    assign_all(D, c, k, label, NULL, K);
    if (cluster_means(D, label, k, c, M) > 0 &&
        reseed_empty(D, label, k, c, M, NULL, NULL) < 0)
        return STATUS_TOO_FEW_DISTINCT;
    return STATUS_OK;
}

/* Move point xi (weight wi) from cluster a to cluster b, updating both means. */
static void move_point(const double *xi, double wi, int a, int b, double *c,
                       double *wsum, int d)
{
    if (wi > 0) {
        double *ca = c + (R_xlen_t) a * d, *cb = c + (R_xlen_t) b * d;
        double wa = wsum[a] - wi, wb = wsum[b] + wi;
        for (int t = 0; t < d; t++) {
            ca[t] += wi * (ca[t] - xi[t]) / wa;
            cb[t] += wi * (xi[t] - cb[t]) / wb;
        }
        wsum[a] = wa;
        wsum[b] = wb;
    }
}

/* Hartigan's exchange: a point of weight w leaves cluster a for cluster b when
 * that lowers the within sum of squares, i.e. when
 *   W_b / (W_b + w) |x - c_b|^2  <  W_a / (W_a - w) |x - c_a|^2
 * (n_b / (n_b + 1) and n_a / (n_a - 1) for unit weights), b being the best
 * cluster.  Passes over the points until one moves none; the means are
 * recomputed exactly after each pass so that rounding does not build up.  A
 * cluster is never emptied.  Used to finish Hartigan-Wong: a partition it
 * leaves alone cannot be improved by moving a single point. */
static int hartigan_exchange(const data_t *D, int k, int max_passes, int trace, int *label,
                             double *c, sums_t *M, double *buf, int *passes)
{
    const int d = D->d;
    double *wsum = M->wsum, *q = buf + d;
    for (*passes = 1; *passes <= max_passes; (*passes)++) {
        R_xlen_t moved = 0;
        for (R_xlen_t i = 0; i < D->n; i++) {
            double wi = weight(D, i);
            int a = label[i];
            if (!(wi > 0) || !(wsum[a] - wi > 0)) continue;
            load_point(D, i, buf);
            sqdist_all(buf, c, k, d, q);
            double wa = wsum[a];
            double best_cost = q[a] * (wa / (wa - wi));
            int best = -1;
            for (int j = 0; j < k; j++) {
                if (j == a) continue;
                double cost = q[j] * (wsum[j] / (wsum[j] + wi));
                if (cost < best_cost) { best_cost = cost; best = j; }
            }
            if (best >= 0) {
                move_point(buf, wi, a, best, c, wsum, d);
                label[i] = best;
                moved++;
            }
            if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
        }
        if (trace)
            Rprintf(_("k-means exchange pass %d: number of points that changed group: %.0f\n"), *passes,
                    (double) moved);
        cluster_means(D, label, k, c, M);
        if (moved == 0) return 1;
    }
    *passes = max_passes;
    return 0;
}

/* Hartigan and Wong (1979), algorithm AS 136, as R's stats::kmeans runs it:
 * the same steps in the same order with the same arithmetic, so that from the
 * same centres it makes the same moves; written for weights (the cluster
 * sizes n_l become weight sums W_l, and the factors n/(n-1) and n/(n+1)
 * become W/(W-w) and W/(W+w) for a point of weight w, the same numbers for
 * unit weights).  Differences with R: an empty cluster at the start is
 * re-seeded instead of being an error, a quick-transfer stage that runs out
 * of steps (50 n, as R) ends AS 136 without ending the fit, and the result is
 * finished by Hartigan's exchange above, which can only lower the within
 * sum of squares. */
#define HW_BIG 1.0e30

static inline double hw_an1(double W, double w)   /* W / (W - w), BIG if nothing left */
{
    double rest = W - w;
    return rest > 0 ? W / rest : HW_BIG;
}

static inline double hw_an2(double W, double w)   /* W / (W + w) */
{
    return W / (W + w);
}

typedef struct {
    int *ic2;          /* second closest cluster of each point */
    double *dist;      /* D(i): cost of taking point i out of its cluster */
    R_xlen_t *ncp;     /* step at which each cluster was last updated */
    R_xlen_t *live;    /* end of the live period of each cluster */
    int *itran;        /* cluster updated in the last quick-transfer stage */
    R_xlen_t indx;     /* steps since the last transfer */
} hw_state;

static void hw_transfer(const double *xi, double wi, int l1, int l2, double *c,
                        double *wsum, int d)
{
    double al1 = wsum[l1], alw = al1 - wi, al2 = wsum[l2], alt = al2 + wi;
    if (wi > 0) {
        double *c1 = c + (R_xlen_t) l1 * d, *c2 = c + (R_xlen_t) l2 * d;
        for (int t = 0; t < d; t++) {
            c1[t] = (c1[t] * al1 - wi * xi[t]) / alw;
            c2[t] = (c2[t] * al2 + wi * xi[t]) / alt;
        }
    }
    wsum[l1] = alw;
    wsum[l2] = alt;
}

/* Optimal-transfer stage: each point against every cluster of the live set. */
static void hw_optra(const data_t *D, int k, double *c, int *ic1, double *wsum,
                     hw_state *S, double *xi)
{
    const R_xlen_t m = D->n;
    const int d = D->d;
    for (int l = 0; l < k; l++)
        if (S->itran[l] == 1) S->live[l] = m + 1;
    for (R_xlen_t i = 0; i < m; i++) {
        R_xlen_t step = i + 1;
        S->indx++;
        int l1 = ic1[i];
        double wi = weight(D, i);
        if (wsum[l1] - wi > 0) {
            load_point(D, i, xi);
            if (S->ncp[l1] != 0)
                S->dist[i] = sqdist(xi, c + (R_xlen_t) l1 * d, d) * hw_an1(wsum[l1], wi);
            int l2 = S->ic2[i], ll = l2;
            double r2 = sqdist(xi, c + (R_xlen_t) l2 * d, d) * hw_an2(wsum[l2], wi);
            for (int l = 0; l < k; l++) {
                if ((step >= S->live[l1] && step >= S->live[l]) || l == l1 || l == ll)
                    continue;
                double rr = r2 / hw_an2(wsum[l], wi), dc = 0.0;
                const double *cl = c + (R_xlen_t) l * d;
                int t;
                for (t = 0; t < d; t++) {
                    double diff = xi[t] - cl[t];
                    dc += diff * diff;
                    if (dc >= rr) break;
                }
                if (t < d) continue;
                r2 = dc * hw_an2(wsum[l], wi);
                l2 = l;
            }
            if (r2 >= S->dist[i]) {
                S->ic2[i] = l2;
            } else {
                S->indx = 0;
                S->live[l1] = m + step;
                S->live[l2] = m + step;
                S->ncp[l1] = step;
                S->ncp[l2] = step;
                hw_transfer(xi, wi, l1, l2, c, wsum, d);
                ic1[i] = l2;
                S->ic2[i] = l1;
            }
        }
        if (S->indx == m) return;
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
    }
    for (int l = 0; l < k; l++) {
        S->itran[l] = 0;
        S->live[l] -= m;
    }
}

/* Quick-transfer stage: each point against its second closest cluster only,
 * until m steps in a row move nothing.  Returns 1 if it ran out of steps. */
static int hw_qtran(const data_t *D, double *c, int *ic1, double *wsum, hw_state *S,
                    double *xi, R_xlen_t max_steps)
{
    const R_xlen_t m = D->n;
    const int d = D->d;
    R_xlen_t icoun = 0, istep = 0;
    for (;;) {
        for (R_xlen_t i = 0; i < m; i++) {
            icoun++;
            istep++;
            if (istep >= max_steps) return 1;
            int l1 = ic1[i], l2 = S->ic2[i];
            double wi = weight(D, i);
            if (wsum[l1] - wi > 0) {
                int loaded = 0;
                if (istep <= S->ncp[l1]) {
                    load_point(D, i, xi);
                    loaded = 1;
                    S->dist[i] = sqdist(xi, c + (R_xlen_t) l1 * d, d) * hw_an1(wsum[l1], wi);
                }
                if (!(istep >= S->ncp[l1] && istep >= S->ncp[l2])) {
                    double r2 = S->dist[i] / hw_an2(wsum[l2], wi), dd = 0.0;
                    const double *c2 = c + (R_xlen_t) l2 * d;
                    if (!loaded) load_point(D, i, xi);
                    int t;
                    for (t = 0; t < d; t++) {
                        double diff = xi[t] - c2[t];
                        dd += diff * diff;
                        if (dd >= r2) break;
                    }
                    if (t == d) {
                        icoun = 0;
                        S->indx = 0;
                        S->itran[l1] = 1;
                        S->itran[l2] = 1;
                        S->ncp[l1] = istep + m;
                        S->ncp[l2] = istep + m;
                        hw_transfer(xi, wi, l1, l2, c, wsum, d);
                        ic1[i] = l2;
                        S->ic2[i] = l1;
                    }
                }
            }
            if (icoun == m) return 0;
            if (SDS_INTERRUPT_EVERY(istep)) R_CheckUserInterrupt();
        }
    }
}

static int fit_hartigan(const data_t *D, int k, const fit_options *o, int *label,
                        double *c, sums_t *M, kernel_t *K, int *iter, int *converged)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    double *wsum = M->wsum, *buf = kernel_point(K, K->scratch);
    hw_state S;
    S.ic2 = (int *) R_alloc((size_t) n, sizeof(int));
    S.dist = (double *) R_alloc((size_t) n, sizeof(double));
    S.ncp = (R_xlen_t *) R_alloc((size_t) k, sizeof(R_xlen_t));
    S.live = (R_xlen_t *) R_alloc((size_t) k, sizeof(R_xlen_t));
    S.itran = (int *) R_alloc((size_t) k, sizeof(int));

    /* the two closest centres of each point; the point goes to the closest */
    for (R_xlen_t i = 0; i < n; i++) {
        load_point(D, i, buf);
        int c1 = 0, c2 = 1;
        double dt1 = sqdist(buf, c, d), dt2 = sqdist(buf, c + d, d);
        if (dt1 > dt2) {
            double tmp = dt1; dt1 = dt2; dt2 = tmp;
            c1 = 1; c2 = 0;
        }
        for (int l = 2; l < k; l++) {
            const double *cl = c + (R_xlen_t) l * d;
            double db = 0.0;
            int t;
            for (t = 0; t < d; t++) {
                double diff = buf[t] - cl[t];
                db += diff * diff;
                if (db >= dt2) break;
            }
            if (t < d) continue;
            if (db < dt1) {
                dt2 = dt1; c2 = c1;
                dt1 = db; c1 = l;
            } else {
                dt2 = db; c2 = l;
            }
        }
        label[i] = c1;
        S.ic2[i] = c2;
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
    }
    if (cluster_means(D, label, k, c, M) > 0) {
        if (reseed_empty(D, label, k, c, M, NULL, NULL) < 0)
            return STATUS_TOO_FEW_DISTINCT;
        for (R_xlen_t i = 0; i < n; i++)
            if (S.ic2[i] == label[i]) S.ic2[i] = label[i] == 0 ? 1 : 0;
    }
    for (int l = 0; l < k; l++) {
        S.itran[l] = 1;
        S.ncp[l] = -1;
    }
    S.indx = 0;
    R_xlen_t max_qtran = n > R_XLEN_T_MAX / 50 ? R_XLEN_T_MAX : 50 * n;
    int done = 0;   /* 1: AS 136 stopped (R would report ifault 4 if by its step limit) */
    for (*iter = 1; *iter <= o->iter_max; (*iter)++) {
        hw_optra(D, k, c, label, wsum, &S, buf);
        if (o->trace)
            Rprintf(_("Hartigan-Wong iteration %d: optimal-transfer stage done\n"), *iter);
        if (S.indx == n) { done = 1; break; }
        if (hw_qtran(D, c, label, wsum, &S, buf, max_qtran)) { done = 1; break; }
        if (k == 2) { done = 1; break; }
        for (int l = 0; l < k; l++) S.ncp[l] = 0;
        R_CheckUserInterrupt();
    }
    if (*iter > o->iter_max) *iter = o->iter_max;
    cluster_means(D, label, k, c, M);
    *converged = 0;
    if (done && *iter < o->iter_max) {
        int passes;
        *converged = hartigan_exchange(D, k, o->iter_max - *iter, o->trace, label, c, M,
                                       buf, &passes);
        *iter += passes;
    } else if (done) {
        *converged = 1;
    }
    assign_all(D, c, k, label, NULL, K);
    return STATUS_OK;
}

/* MacQueen: each point goes to its nearest centre at once, and the two
 * centres concerned are updated; passes until no point moves.  A move that
 * would empty a cluster is not made. */
static int fit_macqueen(const data_t *D, int k, const fit_options *o, int *label,
                        double *c, sums_t *M, kernel_t *K, int *iter, int *converged)
{
    const int d = D->d;
    double *wsum = M->wsum, *buf = kernel_point(K, K->scratch);
    if (start_online(D, k, label, c, M, K) != STATUS_OK)
        return STATUS_TOO_FEW_DISTINCT;
    *converged = 0;
    for (*iter = 1; *iter <= o->iter_max; (*iter)++) {
        R_xlen_t moved = 0;
        for (R_xlen_t i = 0; i < D->n; i++) {
            double wi = weight(D, i), q;
            int a = label[i];
            load_point(D, i, buf);
            int b = nearest(buf, c, k, d, buf + d, &q);
            if (b != a && (!(wi > 0) || wsum[a] - wi > 0)) {
                move_point(buf, wi, a, b, c, wsum, d);
                label[i] = b;
                moved++;
            }
            if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
        }
        if (o->trace)
            Rprintf(_("k-means pass %d: number of points that changed group: %.0f\n"), *iter, (double) moved);
        if (moved == 0) { *converged = 1; break; }
    }
    if (*iter > o->iter_max) *iter = o->iter_max;
    cluster_means(D, label, k, c, M);
    assign_all(D, c, k, label, NULL, K);
    return STATUS_OK;
}

/* Weighted within sums of squares and sizes.  As for the sums, each
 * (cluster, column) term runs over the points in index order (columns split
 * among threads), then each cluster adds its columns in order: the same
 * result whatever the number of threads. */
static void within_ss(const data_t *D, const int *label, const double *c, int k,
                      double *wss, int *size, sums_t *M)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    const int blocks = column_blocks(D);
    for (int j = 0; j < k; j++) size[j] = 0;
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
            const double *ca = c + (R_xlen_t) a * d + t0;
            for (int t = 0; t < nb; t++) {
                double diff = x0[i + (R_xlen_t) t * n] - ca[t];
                sa[t] += wi * (diff * diff);
            }
            if (b == 0) size[a]++;
        }
    }
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

/* R matrix (k x d, column-major) <-> row-major centres */
static void centres_from_r(const double *m, int k, int d, double *c)
{
    for (int j = 0; j < k; j++)
        for (int t = 0; t < d; t++) c[(R_xlen_t) j * d + t] = m[j + (R_xlen_t) t * k];
}

static void centres_to_r(const double *c, int k, int d, double *m)
{
    for (int j = 0; j < k; j++)
        for (int t = 0; t < d; t++) m[j + (R_xlen_t) t * k] = c[(R_xlen_t) j * d + t];
}

static void check_data(SEXP x, SEXP weights)
{
    if (TYPEOF(x) != REALSXP || !Rf_isMatrix(x))
        Rf_error(_("internal error: k-means needs a double matrix"));
    if (!Rf_isNull(weights) && (TYPEOF(weights) != REALSXP || XLENGTH(weights) != Rf_nrows(x)))
        Rf_error(_("internal error: k-means weights must be a double vector with one value per row"));
}

static data_t as_data(SEXP x, SEXP weights, int threads)
{
    data_t D = {REAL(x), (R_xlen_t) Rf_nrows(x), Rf_ncols(x),
                Rf_isNull(weights) ? NULL : REAL(weights), threads};
    return D;
}

/* .Call entry: the fit from given centres.
 * algorithm: 1 hamerly, 2 lloyd, 3 hartigan-wong, 4 macqueen; tol absolute. */
SEXP sds_kmeans_fit(SEXP x, SEXP centers, SEXP weights, SEXP algorithm,
                    SEXP iter_max, SEXP tol, SEXP threads, SEXP trace)
{
    check_data(x, weights);
    if (TYPEOF(centers) != REALSXP || !Rf_isMatrix(centers) ||
        Rf_ncols(centers) != Rf_ncols(x) || Rf_nrows(centers) < 1)
        Rf_error(_("internal error: the initial centres must be a double matrix with the columns of 'x'"));
    data_t D = as_data(x, weights, sds_threads(threads));
    const R_xlen_t n = D.n;
    const int d = D.d, k = Rf_nrows(centers);
    fit_options o = {Rf_asInteger(algorithm), Rf_asInteger(iter_max),
                     Rf_asReal(tol), Rf_asLogical(trace) == TRUE};
    if (o.iter_max == NA_INTEGER || o.iter_max < 1)
        Rf_error(_("internal error: k-means needs 'iter_max' >= 1"));
    if (!R_FINITE(o.tol) || o.tol < 0)
        Rf_error(_("internal error: k-means needs a finite 'tol' >= 0"));

    const char *names[] = {"cluster", "centers", "withinss", "size", "weight", "iter",
                           "converged", "status", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(INTSXP, n));
    SET_VECTOR_ELT(result, 1, Rf_allocMatrix(REALSXP, k, d));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, k));
    SET_VECTOR_ELT(result, 3, Rf_allocVector(INTSXP, k));
    SET_VECTOR_ELT(result, 4, Rf_allocVector(REALSXP, k));
    int *label = INTEGER(VECTOR_ELT(result, 0));
    double *wsum = REAL(VECTOR_ELT(result, 4));

    double *c = (double *) R_alloc((size_t) k * d, sizeof(double));
    sums_t M = sums_alloc(k, d);
    kernel_t K = kernel_alloc(n, k, d, D.threads);
    centres_from_r(REAL(centers), k, d, c);

    int iter = 0, converged = 0, status;
    if (k == 1) {                /* one group: one mean, whatever the algorithm */
        status = fit_one(&D, &o, label, c, &M, &iter, &converged);
    } else switch (o.algorithm) {
    case ALGO_HAMERLY:
    case ALGO_LLOYD:
        status = fit_batch(&D, k, &o, label, c, &M, &K, &iter, &converged);
        break;
    case ALGO_HARTIGAN:
        status = fit_hartigan(&D, k, &o, label, c, &M, &K, &iter, &converged);
        break;
    case ALGO_MACQUEEN:
        status = fit_macqueen(&D, k, &o, label, c, &M, &K, &iter, &converged);
        break;
    default:
        Rf_error(_("internal error: unknown k-means algorithm"));
    }
    SET_VECTOR_ELT(result, 7, Rf_ScalarInteger(status));
    if (status == STATUS_OK) {
        within_ss(&D, label, c, k, REAL(VECTOR_ELT(result, 2)),
                  INTEGER(VECTOR_ELT(result, 3)), &M);
        for (int j = 0; j < k; j++) wsum[j] = 0.0;
        for (R_xlen_t i = 0; i < n; i++) wsum[label[i]] += weight(&D, i);
        for (R_xlen_t i = 0; i < n; i++) label[i]++;
        centres_to_r(c, k, d, REAL(VECTOR_ELT(result, 1)));
    }
    SET_VECTOR_ELT(result, 5, Rf_ScalarInteger(iter));
    SET_VECTOR_ELT(result, 6, Rf_ScalarLogical(converged));
    UNPROTECT(1);
    return result;
}

/* ---------------------------------------------------------------------------
 * Starts.  k-means++ (Arthur and Vassilvitskii 2007) in its greedy form (as
 * scikit-learn): the first centre is a point drawn with probability
 * proportional to its weight; each next one is the best of 2 + floor(log k)
 * candidates drawn with probability proportional to weight x squared
 * distance to the nearest centre chosen so far, "best" meaning the one that
 * leaves the smallest weighted sum of squared distances.  "random" draws each
 * centre with probability proportional to the weight among the points that
 * differ from the centres already chosen.  Draws use R's generator. */

/* Index of the point where the running sum of p(i) first reaches `target`
 * (among points with p(i) > 0). */
static R_xlen_t draw_point(const double *closest, const data_t *D, int plusplus,
                           double total)
{
    double target = unif_rand() * total, acc = 0.0;
    R_xlen_t last = -1;
    for (R_xlen_t i = 0; i < D->n; i++) {
        double p = weight(D, i) * (plusplus ? closest[i] : (closest[i] > 0));
        if (p > 0) {
            acc += p;
            last = i;
            if (acc >= target) return i;
        }
    }
    return last;
}

/* out[i] <- min(closest[i], |x_i - centre|^2) (closest may be NULL); returns
 * the potential: the sum of weight x f(out), f = squared distance for
 * k-means++, "differs from every centre" (0 or 1) for random starts.  The
 * distances are summed column by column over blocks of points, each still
 * over the coordinates in order. */
static double potential_with(const data_t *D, const double *centre, const double *closest,
                             double *out, int plusplus)
{
    const R_xlen_t n = D->n, block = 2048;
    for (R_xlen_t start = 0; start < n; start += POINTS_PER_CHECK) {
        R_xlen_t end = start + POINTS_PER_CHECK < n ? start + POINTS_PER_CHECK : n;
#ifdef _OPENMP
#pragma omp parallel for num_threads(D->threads) schedule(static) if(D->threads > 1)
#endif
        for (R_xlen_t b = start; b < end; b += block) {
            R_xlen_t e = b + block < end ? b + block : end;
            for (R_xlen_t i = b; i < e; i++) out[i] = 0.0;
            for (int t = 0; t < D->d; t++) {
                const double *xt = D->x + (R_xlen_t) t * n;
                double ct = centre[t];
                for (R_xlen_t i = b; i < e; i++) {
                    double diff = xt[i] - ct;
                    out[i] += diff * diff;
                }
            }
            if (closest)
                for (R_xlen_t i = b; i < e; i++)
                    if (closest[i] < out[i]) out[i] = closest[i];
        }
        if (end < n) R_CheckUserInterrupt();
    }
    double pot = 0.0;
    for (R_xlen_t i = 0; i < n; i++)
        pot += weight(D, i) * (plusplus ? out[i] : (out[i] > 0));
    return pot;
}

static int choose_starts(const data_t *D, int k, int plusplus, double *c)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    double *closest = (double *) R_alloc((size_t) n, sizeof(double));
    double *trial = (double *) R_alloc((size_t) n, sizeof(double));
    double *best_trial = (double *) R_alloc((size_t) n, sizeof(double));
    int n_trials = plusplus ? 2 + (int) floor(log((double) k)) : 1;
    double total_weight = 0.0;
    for (R_xlen_t i = 0; i < n; i++) {
        closest[i] = 1.0;   /* first draw: by weight alone */
        total_weight += weight(D, i);
    }
    R_xlen_t first = draw_point(closest, D, 0, total_weight);
    load_point(D, first, c);
    double pot = potential_with(D, c, NULL, closest, plusplus);
    for (int j = 1; j < k; j++) {
        if (!(pot > 0)) return STATUS_TOO_FEW_DISTINCT;
        R_xlen_t best = -1;
        double best_pot = R_PosInf;
        double *centre = c + (R_xlen_t) j * d;
        for (int t = 0; t < n_trials; t++) {
            R_xlen_t cand = draw_point(closest, D, plusplus, pot);
            load_point(D, cand, centre);
            double p = potential_with(D, centre, closest, trial, plusplus);
            if (best < 0 || p < best_pot) {
                double *swap = best_trial; best_trial = trial; trial = swap;
                best_pot = p;
                best = cand;
            }
        }
        load_point(D, best, centre);
        double *swap = closest; closest = best_trial; best_trial = swap;
        pot = best_pot;
        R_CheckUserInterrupt();
    }
    return STATUS_OK;
}

/* .Call entry: k starting centres, chosen among the rows of x. */
SEXP sds_kmeans_start(SEXP x, SEXP k, SEXP weights, SEXP plusplus, SEXP threads)
{
    check_data(x, weights);
    data_t D = as_data(x, weights, sds_threads(threads));
    int kk = Rf_asInteger(k);
    if (kk == NA_INTEGER || kk < 1 || kk > D.n)
        Rf_error(_("internal error: invalid number of centres"));
    const char *names[] = {"centers", "status", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocMatrix(REALSXP, kk, D.d));
    double *c = (double *) R_alloc((size_t) kk * D.d, sizeof(double));
    GetRNGstate();
    int status = choose_starts(&D, kk, Rf_asLogical(plusplus) == TRUE, c);
    PutRNGstate();
    centres_to_r(c, kk, D.d, REAL(VECTOR_ELT(result, 0)));
    SET_VECTOR_ELT(result, 1, Rf_ScalarInteger(status));
    UNPROTECT(1);
    return result;
}

/* Nearest centre of each point (1-based) among the k centres of the R matrix
 * m (k x d) and, if dist is not NULL, the n x k Euclidean distances. */
static void nearest_centres(const data_t *D, const double *m, int k, int *label,
                            double *dist)
{
    const int d = D->d;
    double *c = (double *) R_alloc((size_t) k * d, sizeof(double));
    double *xi = (double *) R_alloc((size_t) d + k, sizeof(double)), *q = xi + d;
    centres_from_r(m, k, d, c);
    for (R_xlen_t i = 0; i < D->n; i++) {
        double qb;
        load_point(D, i, xi);
        label[i] = nearest(xi, c, k, d, q, &qb) + 1;
        if (dist)
            for (int j = 0; j < k; j++) dist[i + (R_xlen_t) j * D->n] = sqrt(q[j]);
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
    }
}

/* .Call entry: nearest centre of each row of x (1-based) and, if asked, the
 * n x k matrix of Euclidean distances. */
SEXP sds_kmeans_predict(SEXP x, SEXP centers, SEXP distances)
{
    check_data(x, R_NilValue);
    if (TYPEOF(centers) != REALSXP || !Rf_isMatrix(centers) ||
        Rf_ncols(centers) != Rf_ncols(x) || Rf_nrows(centers) < 1)
        Rf_error(_("internal error: the centres must be a double matrix with the columns of 'x'"));
    data_t D = as_data(x, R_NilValue, 1);
    const int k = Rf_nrows(centers), want = Rf_asLogical(distances) == TRUE;
    const char *names[] = {"cluster", "distances", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(INTSXP, D.n));
    if (want) SET_VECTOR_ELT(result, 1, Rf_allocMatrix(REALSXP, D.n, k));
    nearest_centres(&D, REAL(centers), k, INTEGER(VECTOR_ELT(result, 0)),
                    want ? REAL(VECTOR_ELT(result, 1)) : NULL);
    UNPROTECT(1);
    return result;
}

/* A look at the columns before fitting, one column per thread: bad[t], the
 * 0-based row of the first value of column t that is NA, NaN or infinite (-1
 * if none); if what >= 1 (and the column is finite), col_ss[t], its weighted
 * sum of squares around its weighted mean; if what = 2, also its (unweighted)
 * mean and variance (denominator n - 1), NA otherwise. */
static void scan_columns(const data_t *D, int what, R_xlen_t *bad, double *col_ss,
                         double *mean, double *variance)
{
    const R_xlen_t n = D->n;
    const int d = D->d, want = what >= 2;
    double W = 0.0;
    if (what >= 1)
        for (R_xlen_t i = 0; i < n; i++) W += weight(D, i);
#ifdef _OPENMP
#pragma omp parallel for num_threads(D->threads) schedule(static, 1) if(D->threads > 1)
#endif
    for (int t = 0; t < d; t++) {
        const double *xt = D->x + (R_xlen_t) t * n;
        double s = 0.0, ws = 0.0, ss = 0.0, wss = 0.0;
        bad[t] = -1;
        mean[t] = NA_REAL; variance[t] = NA_REAL; col_ss[t] = 0.0;
        if (what < 1) {
            for (R_xlen_t i = 0; i < n; i++)
                if (!R_FINITE(xt[i])) { bad[t] = i; break; }
            continue;
        }
        for (R_xlen_t i = 0; i < n; i++) {
            if (!R_FINITE(xt[i])) { bad[t] = i; break; }
            s += xt[i];
            ws += weight(D, i) * xt[i];
        }
        if (bad[t] >= 0) continue;
        double m = s / (double) n, wm = ws / W;
        for (R_xlen_t i = 0; i < n; i++) {
            double dev = xt[i] - wm;
            wss += weight(D, i) * (dev * dev);
            if (want) ss += (xt[i] - m) * (xt[i] - m);
        }
        col_ss[t] = wss;
        if (want) {
            mean[t] = m;
            variance[t] = n > 1 ? ss / (double) (n - 1) : NA_REAL;
        }
    }
}

/* .Call entry: the look at the columns (scan_columns) of x.  moments: 0 the
 * finiteness check only, 1 also the total sum of squares, 2 also the
 * columns' means and variances.  `first_bad` is the 1-based position (in
 * column-major order) of the first value that is NA, NaN or infinite, 0 if
 * none; `totss` the weighted total sum of squares around the weighted means
 * (NA when not asked for). */
SEXP sds_kmeans_columns(SEXP x, SEXP weights, SEXP moments, SEXP threads)
{
    check_data(x, weights);
    data_t D = as_data(x, weights, sds_threads(threads));
    const int d = D.d, what = Rf_asInteger(moments);
    const char *names[] = {"first_bad", "totss", "mean", "variance", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, d));
    SET_VECTOR_ELT(result, 3, Rf_allocVector(REALSXP, d));
    double *col_ss = (double *) R_alloc((size_t) d, sizeof(double));
    R_xlen_t *bad = (R_xlen_t *) R_alloc((size_t) d, sizeof(R_xlen_t));
    scan_columns(&D, what == NA_INTEGER ? 0 : what, bad, col_ss,
                 REAL(VECTOR_ELT(result, 2)), REAL(VECTOR_ELT(result, 3)));
    double first_bad = 0.0, totss = 0.0;
    for (int t = 0; t < d; t++) {
        if (bad[t] >= 0) {
            first_bad = (double) t * (double) D.n + (double) bad[t] + 1.0;
            break;
        }
        totss += col_ss[t];
    }
    SET_VECTOR_ELT(result, 0, Rf_ScalarReal(first_bad));
    SET_VECTOR_ELT(result, 1, Rf_ScalarReal(what >= 1 ? totss : NA_REAL));
    UNPROTECT(1);
    return result;
}

/* .Call entry: (x - center) / scale column by column, in one new matrix. */
SEXP sds_kmeans_standardize(SEXP x, SEXP center, SEXP scale)
{
    check_data(x, R_NilValue);
    const R_xlen_t n = Rf_nrows(x);
    const int d = Rf_ncols(x);
    if (TYPEOF(center) != REALSXP || TYPEOF(scale) != REALSXP ||
        XLENGTH(center) != d || XLENGTH(scale) != d)
        Rf_error(_("internal error: one centre and one scale per column are needed"));
    SEXP result = PROTECT(Rf_allocMatrix(REALSXP, (int) n, d));
    const double *v = REAL(x), *m = REAL(center), *s = REAL(scale);
    double *out = REAL(result);
    for (int t = 0; t < d; t++)
        for (R_xlen_t i = 0; i < n; i++)
            out[i + (R_xlen_t) t * n] = (v[i + (R_xlen_t) t * n] - m[t]) / s[t];
    UNPROTECT(1);
    return result;
}
