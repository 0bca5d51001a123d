/* k-means: the batch algorithms of Lloyd and Hamerly (which gives exactly
 * Lloyd's result while skipping most distances), and the .Call entry of the
 * fit (see kmeans.h). */
#include "kmeans.h"
#include <float.h>
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

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
