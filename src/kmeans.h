/* Private header of k-means (src/kmeans_*.c).
 *
 *   kmeans_fit.c       the .Call entry of the fit: checks, allocation, the one
 *                      call to the algorithm asked for; the algorithm codes
 *                      R reads; standardisation
 *   kmeans_batch.c     Lloyd and Hamerly: the plain pass (assign_all),
 *                      Hamerly's pass, the choice between them (fit_batch)
 *   kmeans_hartigan.c  Hartigan-Wong (AS 136, then Hartigan's exchange), MacQueen
 *   kmeans_kernel.c    the nearest-centre kernel (rows_nearest), its scratch,
 *                      centres to and from R
 *   kmeans_filter.c    single-precision pre-selection of the centres that may
 *                      be among a point's two nearest (AVX2 and FMA)
 *   kmeans_sums.c      sums and means, moves, within sums of squares,
 *                      re-seeding of empty groups
 *   kmeans_start.c     k-means++ and random starts
 *   kmeans_predict.c   the nearest centre of new points, and their distances
 *
 * A pass.  assign_all() (or Hamerly's pass, for the points its bounds do not
 * settle) hands blocks of points to the kernel, rows_nearest(), which finds
 * each point's nearest (and second nearest) centre, several points at a time
 * in vector registers.  With many centres the kernel first asks the filter
 * (filter_tiles()), whose approximate distances with an error bound leave
 * only the centres that can still win; those get the exact distances, so the
 * result is the kernel's without the filter.  The new labels then reach the
 * sums (kmeans_sums.c): added in full in the same read of the data, or the
 * few points that changed group moved out of one group's sums into
 * another's; the centres are the sums divided by the weights.  Calls go one
 * way: fit -> batch and hartigan; hartigan, start and predict -> batch
 * (assign_all) or the kernel; kernel -> filter; and sums, filter call no
 * other k-means file.
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
 *
 * Determinism.  The result does not depend on the number of threads: only
 * per-point work runs in parallel (each point writes its own entries), and
 * sums over points are split by columns, each running over the points in
 * index order.  No R API is called inside a parallel region; user interrupts
 * are checked between regions. */
#ifndef SDSANTE_KMEANS_H
#define SDSANTE_KMEANS_H

#include "sdsante.h"
#include <R_ext/Visibility.h>

/* The algorithms, defined once: the C name, then the name R gives
 * (`algorithm` of k_means(); R/kmeans.R reads names and codes through
 * sds_kmeans_algorithms()).  Codes start at 1, the first is the default. */
#define KMEANS_ALGORITHMS(X) \
    X(ALGO_HAMERLY, "hamerly") X(ALGO_LLOYD, "lloyd") \
    X(ALGO_HARTIGAN, "hartigan-wong") X(ALGO_MACQUEEN, "macqueen")
#define KMEANS_ALGO_ENUM(code, r_name) code,
enum kmeans_algorithm { ALGO_NONE = 0, KMEANS_ALGORITHMS(KMEANS_ALGO_ENUM) ALGO_END };
#undef KMEANS_ALGO_ENUM
enum { STATUS_OK = 0, STATUS_TOO_FEW_DISTINCT = 1 };

/* Ask for a cache line ahead of its use (a hint; nothing without GCC/clang). */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void) 0)
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

/* Rows of a parallel region between two polls, for rows of `work_per_point`
 * each shared among `threads` threads.  Every region ends with a wait for
 * all its threads, which costs a scheduler's time slice when another program
 * holds a core: with threads, a region holds 4 x SDS_WORK_PER_POLL of work,
 * still a few hundredths of a second of wall time between polls. */
static inline R_xlen_t rows_per_region(double work_per_point, int threads)
{
    return sds_rows_per_poll(threads > 1 ? work_per_point / (4.0 * threads) : work_per_point);
}

/* The work of one point against k centres in d dimensions, for the polls
 * (sds_poll(), sds_rows_per_poll()):
 * a difference, a square and a sum per coordinate, and a few operations per
 * centre. */
static inline double point_work(int k, int d)
{
    return 3.0 * k * d + 4.0 * k;
}

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
 * The nearest-centre kernel (kmeans_kernel.c): the nearest and second nearest
 * centres of TILE points at once, the points' coordinates side by side in
 * vector registers (4 per AVX2 instruction where the processor has it, 2 per
 * SSE2 instruction otherwise).  Each distance is the same sequence of IEEE
 * operations as sqdist() (differences, squares, sums over the coordinates in
 * order; never a fused multiply-add), and ties go to the lowest index, so the
 * results are bitwise those of the plain loop, and R's Lloyd.  With many
 * centres the filter (kmeans_filter.c) first rules out, by approximate
 * distances with a bound on their error, the centres that cannot be among a
 * point's two nearest; the others get the same exact distances. */
#define TILE 8        /* points per call of the kernel */
#define BATCH 512     /* points whose bounds are checked before their full searches */

/* The filter (kmeans_filter.c): approximate distances in single precision
 * pick out the centres that need an exact one.  It needs x86-64 and GCC's
 * or clang's target attributes (AVX2 and FMA are checked at run time). */
#if defined(__x86_64__) && (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 5)) && \
    !defined(SDS_PLAIN_KERNEL)
#define KMEANS_FILTER 1
#endif

typedef struct {
    int usable;            /* for this fit's k and d (filter_setup()) */
    int on;                /* in this pass (filter_centres(); never without usable) */
    double data_largest;   /* the data's largest absolute value */
    double scale;          /* this pass: a power of two bringing every value into [-1, 1] */
    double unscale2;       /* 1 / scale^2 */
    float *cf, *ncf;       /* this pass: k x d centres times scale, their squared norms */
    float ncmax, k1, abs;  /* the largest norm; the bound's constants */
    float *scratch;        /* per thread: a tile and its distances, per_thread floats */
    R_xlen_t per_thread;
    uint8_t *cand;         /* per thread: a lane mask per centre of two tiles, cand_stride bytes each */
    R_xlen_t cand_stride;
} filter_t;

typedef struct {
    int k, d, threads;    /* threads: those of the next pass (at most the scratch's) */
    double *scratch;      /* per thread: two tiles (2 TILE d), then one point and its distances */
    R_xlen_t per_thread;
    R_xlen_t *lists;      /* per thread: 2 BATCH point indices */
    int *batch_changes;   /* points that changed cluster in each batch at the last pass */
    double *owner_sums;   /* per thread: its share of the sums of a pass (k d + k + 8) */
    R_xlen_t *owner_npos; /* per thread: counts, 4 k + 8 */
    double *rows_q;       /* per thread: 2 per row of a block */
    uint64_t *moved;      /* with threads: a bit set of the points that changed */
    double *delta;        /* per slot: the moves of a block of rows, k d sums, k weights */
    R_xlen_t *delta_npos; /* per slot: k counts */
    int delta_slots;      /* one per block of a chunk (one with one thread) */
    filter_t filter;      /* usable only after filter_setup() */
} kernel_t;

/* Hamerly's bounds on the distances (kmeans_batch.c), which the plain pass
 * also sets when asked; see round_up().  They are stored in single
 * precision, rounded outwards (store_up(), store_down()): half the memory of
 * doubles, and bounds looser by 2^-24 at most, which costs nothing. */
typedef struct {
    float *upper, *lower;
    double delta;
} bounds_t;

/* A float >= v, a float <= v (v >= 0, a distance): v moved out by two
 * roundings of single precision (and by the smallest subnormal float, for
 * the range where float roundings are absolute), then rounded to the
 * nearest float; beyond the floats, Inf and the largest float. */
static inline float store_up(double v)
{
    return (float) (v * (1.0 + 0x1p-22) + 0x1p-148);
}

static inline float store_down(double v)
{
    double w = v * (1.0 - 0x1p-22) - 0x1p-148;
    return w > 3.4028234663852886e38 ? 3.4028234663852886e38f : w > 0.0 ? (float) w : 0.0f;
}

#define ABS_SLACK 1e-150   /* covers underflow of squared distances */

static inline double round_up(double v, double delta)
{
    return v * (1.0 + delta) + ABS_SLACK;
}

static inline double round_down(double v, double delta)
{
    double r = v * (1.0 - delta) - ABS_SLACK;
    return r > 0.0 ? r : 0.0;
}

/* Rows of a block of the plain pass: about 128 kB of data, a multiple of
 * BATCH (changes are counted by batches, for sums_move()). */
static inline R_xlen_t block_rows(int d)
{
    R_xlen_t rows = ((R_xlen_t) 16384 / (d > 0 ? d : 1)) / BATCH * BATCH;
    return rows < BATCH ? BATCH : rows;
}

kernel_t kernel_alloc(R_xlen_t n, int k, int d, int threads) attribute_hidden;

/* Room of a slot of the deltas, whole cache lines (threads fill
 * neighbouring slots at once): k d sums and k weights, k counts. */
static inline R_xlen_t delta_stride(int k, int d)
{
    return ((R_xlen_t) k * d + k + 7) / 8 * 8;
}

static inline R_xlen_t delta_npos_stride(int k)
{
    return ((R_xlen_t) k + 7) / 8 * 8;
}
/* Sums brought up to date point by point as points change cluster (as
 * sums_move(), but during the pass): the sums, weights and counts of
 * sums_t, and the labels they belong to. */
typedef struct {
    double *sum, *wsum;   /* NULL: no moves, only the list */
    R_xlen_t *npos;
    int *prev;
    uint64_t *list;       /* NULL, or a bit set where to mark the points that changed */
} moves_t;

R_xlen_t rows_nearest(const double *xs, R_xlen_t stride, R_xlen_t np, const double *c,
                      int k, int d, int *best, double *q1, double *q2, double *sums,
                      const moves_t *mv, const filter_t *F) attribute_hidden;
/* kmeans_filter.c: filter_setup() once per fit, filter_centres() before
 * each pass (F->on: rows_nearest() then filters) */
void filter_setup(kernel_t *K, const data_t *D) attribute_hidden;
void filter_centres(kernel_t *K, const double *c) attribute_hidden;
void filter_tiles(const double *x0, const double *x1, R_xlen_t stride, const filter_t *F, int k,
                  int d, int second, float *scratch, uint8_t *cand0, uint8_t *cand1,
                  uint8_t *alone, float *low) attribute_hidden;
void move_tile_point(const moves_t *mv, const double *x, R_xlen_t stride, int p, int d,
                     int a, int b) attribute_hidden;

/* this thread's tile (room for 2 TILE d values: two tiles side by side),
 * then room for one point and its k distances (d + k) */
static inline double *kernel_tile(const kernel_t *K)
{
    return K->scratch + (R_xlen_t) sds_thread_id() * K->per_thread;
}

static inline double *kernel_point(const kernel_t *K, double *tile)
{
    return tile + (R_xlen_t) 2 * TILE * K->d;
}

/* The m <= width points idx[] into the tile xs (t-major: coordinate t of
 * point p at xs[t width + p]), the last one repeated up to width (TILE, or
 * 2 TILE for two tiles side by side). */
static inline void tile_gather(const data_t *D, const R_xlen_t *idx, int m, int width, double *xs)
{
    for (int t = 0; t < D->d; t++) {
        const double *xt = D->x + (R_xlen_t) t * D->n;
        double *row = xs + (R_xlen_t) t * width;
        for (int p = 0; p < width; p++) row[p] = xt[idx[p < m ? p : m - 1]];
    }
}

/* ---------------------------------------------------------------------------
 * Sums and centres (kmeans_sums.c).
 * A full computation sums the points of each cluster in index order, column
 * by column, exactly as R's Lloyd does; the columns are split into blocks,
 * one per thread at most, so every sum is the same whatever the number of
 * threads.  Between full computations the sums can be brought up to date by
 * taking out and adding in the few points that changed cluster. */
typedef struct {
    double *sum;       /* k x d sums, row-major */
    double *wsum;      /* k: weight of each cluster */
    R_xlen_t *npos;    /* k: points of positive weight in each cluster */
    double *scratch;   /* per-block sums, k * d + 8 * d */
} sums_t;

sums_t sums_alloc(int k, int d) attribute_hidden;
void sums_full(const data_t *D, const int *label, int k, sums_t *M) attribute_hidden;
/* moved: NULL, or the bit set of the points that changed (see kernel_t).
 * sums_move() makes all the moves of a pass; moves_open(), moves_block()
 * for each column block (column_blocks()), moves_prev() and moves_close()
 * make them piece by piece, in the same order. */
static inline int column_blocks(const data_t *D)
{
    return D->threads < D->d ? D->threads : D->d;
}
void moves_open(const data_t *D, int k, sums_t *M) attribute_hidden;
void moves_block(const data_t *D, const int *label, const int *prev, int k, sums_t *M,
                 const int *batch_changes, const uint64_t *moved, R_xlen_t batch,
                 R_xlen_t r0, R_xlen_t r1, int b) attribute_hidden;
void moves_prev(const int *label, int *prev, const int *batch_changes, const uint64_t *moved,
                R_xlen_t batch, R_xlen_t r0, R_xlen_t r1) attribute_hidden;
void moves_close(const data_t *D, int k, sums_t *M) attribute_hidden;
void sums_move(const data_t *D, const int *label, int *prev, int k, sums_t *M,
               const int *batch_changes, R_xlen_t batch) attribute_hidden;
int means_from_sums(const sums_t *M, int k, int d, double *c) attribute_hidden;
int cluster_means(const data_t *D, const int *label, int k, double *c,
                  sums_t *M) attribute_hidden;
int reseed_empty(const data_t *D, int *label, int k, double *c, sums_t *M,
                 float *upper, float *lower) attribute_hidden;
void within_ss(const data_t *D, const int *label, const double *c, int k, double *wss,
               int *size, sums_t *M) attribute_hidden;
/* the plain pass's sums, shared among the threads ("owners") */
void owner_block_sums(const data_t *D, const int *label, int k, R_xlen_t b0, R_xlen_t b1,
                      int o, int owners, const kernel_t *K) attribute_hidden;
void gather_owner_sums(const data_t *D, int k, sums_t *M, const kernel_t *K) attribute_hidden;
/* kmeans_batch.c: the plain pass (every point to its nearest centre) */
R_xlen_t assign_all(const data_t *D, const double *c, int k, int *label, sums_t *M,
                    int *prev, bounds_t *B, kernel_t *K) attribute_hidden;

/* the deltas of the moves of a block of rows (kmeans_sums.c) */
moves_t *delta_open(const kernel_t *K, int slot, int *prev, moves_t *here) attribute_hidden;
void delta_add(const kernel_t *K, int slot, sums_t *M) attribute_hidden;

/* R matrix (k x d, column-major) <-> row-major centres; SEXP checks */
void centres_from_r(const double *m, int k, int d, double *c) attribute_hidden;
void centres_to_r(const double *c, int k, int d, double *m) attribute_hidden;
void check_data(SEXP x, SEXP weights) attribute_hidden;
data_t as_data(SEXP x, SEXP weights, int threads) attribute_hidden;

/* ---------------------------------------------------------------------------
 * The fits.  Results go to `label` (0-based) and `c`; the return value is the
 * status, the number of iterations and convergence through pointers. */
typedef struct {
    int algorithm;
    int iter_max;
    double tol;       /* absolute: sum of squared centre moves */
    int trace;
} fit_options;

/* kmeans_batch.c: Lloyd and Hamerly */
int fit_batch(const data_t *D, int k, const fit_options *o, int *label, double *c,
              sums_t *M, kernel_t *K, int *iter, int *converged) attribute_hidden;
/* kmeans_hartigan.c */
int fit_hartigan(const data_t *D, int k, const fit_options *o, int *label, double *c,
                 sums_t *M, kernel_t *K, int *iter, int *converged) attribute_hidden;
int fit_macqueen(const data_t *D, int k, const fit_options *o, int *label, double *c,
                 sums_t *M, kernel_t *K, int *iter, int *converged) attribute_hidden;

#endif
