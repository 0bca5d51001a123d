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
    const double inf = R_PosInf;
    R_xlen_t changed = 0;
    for (R_xlen_t p0 = 0; p0 < np; p0 += TILE) {
        const double *x = xs + p0;
#ifdef KERNEL_VECTORS
        const v4d zero = {0.0, 0.0, 0.0, 0.0}, vinf = {inf, inf, inf, inf};
        /* best and second best squared distances, best centre, of points
         * 0-3 (suffix 0) and 4-7 (suffix 1) */
        v4d b10 = vinf, b11 = vinf, b20 = vinf, b21 = vinf, bi0 = zero, bi1 = zero;
        /* keep the best two given the squared distances a to centre j
         * (strictly smaller: the lowest index wins ties) */
#define KEEP_BEST(a, b1, b2, bi, j) do {                                 \
            v4d jv_ = zero + (double) (j);                               \
            v4i lt_ = (v4i) ((a) < b1);                                  \
            if (q1) {                                                    \
                v4i lt2_ = (v4i) ((a) < b2);                             \
                b2 = SELECT(lt_, b1, SELECT(lt2_, (a), b2));             \
            }                                                            \
            b1 = SELECT(lt_, (a), b1);                                   \
            bi = SELECT(lt_, jv_, bi);                                   \
        } while (0)
        int j = 0;
        for (; j + 2 <= k; j += 2) {    /* two centres at a time: four sums in flight */
            const double *c0 = c + (R_xlen_t) j * d, *c1 = c0 + d;
            v4d s00 = zero, s01 = zero, s10 = zero, s11 = zero, x0, x1, e;
            for (int t = 0; t < d; t++) {
                memcpy(&x0, x + (R_xlen_t) t * stride, sizeof x0);
                memcpy(&x1, x + (R_xlen_t) t * stride + 4, sizeof x1);
                e = x0 - c0[t]; s00 += e * e;
                e = x1 - c0[t]; s01 += e * e;
                e = x0 - c1[t]; s10 += e * e;
                e = x1 - c1[t]; s11 += e * e;
            }
            KEEP_BEST(s00, b10, b20, bi0, j); KEEP_BEST(s01, b11, b21, bi1, j);
            KEEP_BEST(s10, b10, b20, bi0, j + 1); KEEP_BEST(s11, b11, b21, bi1, j + 1);
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
            KEEP_BEST(s00, b10, b20, bi0, j); KEEP_BEST(s01, b11, b21, bi1, j);
        }
#undef KEEP_BEST
#ifdef KERNEL_CONVERT
        {   /* labels written only where one changed (once the fit settles,
             * the label array is then mostly read, not written back) */
            v4s n0 = __builtin_convertvector(bi0, v4s), n1 = __builtin_convertvector(bi1, v4s);
            v4s o0, o1;
            memcpy(&o0, best + p0, sizeof o0);
            memcpy(&o1, best + p0 + 4, sizeof o1);
            v4s ne = (n0 != o0) + (n1 != o1);     /* minus the changes, per lane */
            if (ne[0] | ne[1] | ne[2] | ne[3]) {
                memcpy(best + p0, &n0, sizeof n0);
                memcpy(best + p0 + 4, &n1, sizeof n1);
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
            int b = (int) (p < 4 ? bi0[p] : bi1[p - 4]);
            if (b != best[p0 + p]) {
                changed++;
                if (mv) tile_point_moved(mv, x, stride, p0, p, d, best[p0 + p], b);
            }
            best[p0 + p] = b;
        }
#endif
        if (q1)
            for (int p = 0; p < 4; p++) {
                q1[p0 + p] = b10[p]; q1[p0 + p + 4] = b11[p];
                q2[p0 + p] = b20[p]; q2[p0 + p + 4] = b21[p];
            }
        if (sums && d == 2) {
            for (int p = 0; p < TILE; p++) {
                double *sa = sums + (R_xlen_t) best[p0 + p] * 2;
                sa[0] += x[p];
                sa[1] += x[stride + p];
            }
        } else if (sums) {
            for (int p = 0; p < TILE; p++) {
                double *sa = sums + (R_xlen_t) best[p0 + p] * d;
                for (int t = 0; t < d; t++) sa[t] += x[(R_xlen_t) t * stride + p];
            }
        }
#else
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
#endif
    }
    return changed;
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

/* Point i leaves cluster prev[i]'s sums and joins cluster label[i]'s. */
static inline void move_point(const data_t *D, const int *label, int *prev, sums_t *M,
                              R_xlen_t i)
{
    const int d = D->d;
    int a = prev[i], b = label[i];
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

/* The points whose label differs from prev leave their old cluster's sums
 * and join their new one's, in index order; prev is brought up to date.
 * Only the batches of points where the last pass counted changes are
 * looked at. */
void sums_move(const data_t *D, const int *label, int *prev, sums_t *M,
               const int *batch_changes, R_xlen_t batch)
{
    for (R_xlen_t b0 = 0; b0 < D->n; b0 += batch) {
        if (batch_changes[b0 / batch] == 0) continue;
        R_xlen_t b1 = b0 + batch < D->n ? b0 + batch : D->n;
        for (R_xlen_t i = b0; i < b1; i++) {
            if (prev[i] != label[i]) move_point(D, label, prev, M, i);
        }
    }
}

/* As sums_move(), for the points marked in the bit set `moved` (bit i for
 * point i, set only in batches of `batch` points with changes): the same
 * moves in the same order, without looking at the other points. */
void sums_move_marked(const data_t *D, const int *label, int *prev, sums_t *M,
                      const int *batch_changes, const uint64_t *moved, R_xlen_t batch)
{
    for (R_xlen_t b0 = 0; b0 < D->n; b0 += batch) {
        if (batch_changes[b0 / batch] == 0) continue;
        R_xlen_t b1 = b0 + batch < D->n ? b0 + batch : D->n;
        for (R_xlen_t w0 = b0; w0 < b1; w0 += 64) {
            uint64_t bits = moved[w0 >> 6];
            while (bits) {
                R_xlen_t i = w0 + lowest_bit(bits);
                bits &= bits - 1;
                move_point(D, label, prev, M, i);
            }
        }
    }
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
