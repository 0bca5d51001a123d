/* k-means: the sums and means of the groups (in full, by owners of the
 * plain pass, or by moving the points that changed), the within sums of
 * squares and the re-seeding of empty groups (see kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Sums and centres (see kmeans.h).  Within a block of columns a point's
 * values go to independent sums, which keeps the processor busy even when
 * neighbouring points share a cluster. */
sums_t sums_alloc(int k, int d)
{
    sums_t M;
    M.sum = (double *) R_alloc((size_t) k * d, sizeof(double));
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
                M->sum[(R_xlen_t) j * d + B.t0 + t] = B.s[(R_xlen_t) j * B.nb + t];
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
                       share_t share, double *s, double *wsum, R_xlen_t *npos)
{
    const R_xlen_t n = D->n;
    const int d = D->d, counts = share.t0 == 0, nb = share.t1 - share.t0;
    const double *x0 = D->x + (R_xlen_t) share.t0 * n;
    s += share.t0;
    if (share.step > 1) {                     /* clusters split among the owners */
        for (R_xlen_t i = b0; i < b1; i++) {
            int a = label[i];
            if (a % share.step != share.first) continue;
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
        share_t share = owner_share(o, owners, d);
        const double *s = K->owner_sums + (R_xlen_t) o * per_owner, *ws = s + (R_xlen_t) k * d;
        const R_xlen_t *np = K->owner_npos + (R_xlen_t) o * (4 * k + 8);
        for (int j = share.first; j < k; j += share.step) {
            for (int t = share.t0; t < share.t1; t++)
                M->sum[(R_xlen_t) j * d + t] = s[(R_xlen_t) j * d + t];
            if (share.t0 == 0 && D->w) {
                M->npos[j] = np[j];
                M->wsum[j] = ws[j];
            }
        }
    }
}

/* Point i leaves cluster a's sums and joins cluster b's, in the columns
 * t0..t0+nb-1, whose sums are s (k x nb, row-major); with `counts`, in the
 * weights and counts too. */
static inline void move_in_block_sums(const data_t *D, sums_t *M, double *s, R_xlen_t i,
                                      int a, int b, int t0, int nb, int counts)
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
                B.s[(R_xlen_t) j * B.nb + t] = M->sum[(R_xlen_t) j * d + B.t0 + t];
    }
}

void moves_close(const data_t *D, int k, sums_t *M)
{
    const int d = D->d, blocks = column_blocks(D);
    for (int b = 0; b < blocks; b++) {
        column_block_t B = column_block(M, k, d, blocks, b);
        for (int j = 0; j < k; j++)
            for (int t = 0; t < B.nb; t++)
                M->sum[(R_xlen_t) j * d + B.t0 + t] = B.s[(R_xlen_t) j * B.nb + t];
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
            for (R_xlen_t w0 = b0; w0 < b1; w0 += 64)
                for (uint64_t bits = moved[w0 >> 6]; bits; bits &= bits - 1) {
                    R_xlen_t i = w0 + lowest_bit(bits);
                    move_in_block_sums(D, M, B.s, i, prev[i], label[i], B.t0, B.nb, b == 0);
                }
        } else {
            for (R_xlen_t i = b0; i < b1; i++)
                if (prev[i] != label[i])
                    move_in_block_sums(D, M, B.s, i, prev[i], label[i], B.t0, B.nb, b == 0);
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
               const int *batch_changes, R_xlen_t batch)
{
    const int blocks = column_blocks(D);
    moves_open(D, k, M);
#ifdef _OPENMP
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if(blocks > 1)
#endif
    for (int b = 0; b < blocks; b++)
        moves_block(D, label, prev, k, M, batch_changes, NULL, batch, 0, D->n, b);
    moves_prev(label, prev, batch_changes, NULL, batch, 0, D->n);
    moves_close(D, k, M);
}

/* Unit weights: the moves of each block of rows are summed apart during the
 * pass, into a delta of the sums (slot s of the kernel's deltas), which is
 * then added to the sums; the blocks' deltas are added in block order.  The
 * blocks (block_rows()) and the order do not depend on the number of
 * threads, so neither do the sums. */
moves_t *delta_open(const kernel_t *K, int slot, int *prev, moves_t *here)
{
    const R_xlen_t kd = (R_xlen_t) K->k * K->d;
    here->sum = K->delta + (R_xlen_t) slot * delta_stride(K->k, K->d);
    here->wsum = here->sum + kd;
    here->npos = K->delta_npos + (R_xlen_t) slot * delta_npos_stride(K->k);
    here->prev = prev;
    here->list = NULL;
    memset(here->sum, 0, (size_t) (kd + K->k) * sizeof(double));
    memset(here->npos, 0, (size_t) K->k * sizeof(R_xlen_t));
    return here;
}

void delta_add(const kernel_t *K, int slot, sums_t *M)
{
    const R_xlen_t kd = (R_xlen_t) K->k * K->d;
    const double *delta_sum = K->delta + (R_xlen_t) slot * delta_stride(K->k, K->d), *w = delta_sum + kd;
    const R_xlen_t *np = K->delta_npos + (R_xlen_t) slot * delta_npos_stride(K->k);
    for (R_xlen_t e = 0; e < kd; e++) M->sum[e] += delta_sum[e];
    for (int j = 0; j < K->k; j++) {
        M->wsum[j] += w[j];
        M->npos[j] += np[j];
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
                c[(R_xlen_t) j * d + t] = M->sum[(R_xlen_t) j * d + t] / M->wsum[j];
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
                 float *upper, float *lower)
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
        if (upper) { upper[pick] = (float) R_PosInf; lower[pick] = 0.0f; }
    }
    vmaxset(vmax);
    cluster_means(D, label, k, c, M);
    return 0;
}

