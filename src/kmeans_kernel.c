/* k-means: the nearest-centre kernel, the sums and means, the within sums of
 * squares, the assignment of every point and the re-seeding of empty groups,
 * shared by every algorithm (see kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

kernel_t kernel_alloc(R_xlen_t n, int k, int d, int threads)
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

void kernel_centres(kernel_t *K, const double *c)
{
    for (int t = 0; t < K->d; t++)
        for (int j = 0; j < K->kp; j++)
            K->ct[(R_xlen_t) t * K->kp + j] = j < K->k ? c[(R_xlen_t) j * K->d + t] : 0.0;
}

/* q[p * kp + j] = squared distance from tile point p to centre j */
void tile_sqdist(const double *xdup, const kernel_t *K, double *q)
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

void sums_move(const data_t *D, const int *label, int *prev, sums_t *M,
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

/* ---------------------------------------------------------------------------
 * Assignment of every point to its nearest centre; returns how many points
 * changed cluster.  `q` (optional) receives the squared distances. */
R_xlen_t assign_all(const data_t *D, const double *c, int k, int *label,
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
