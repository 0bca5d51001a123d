/* k-means: starts, k-means++ and random (see kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>

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
    /* blocks between two polls: rows_per_region() */
    R_xlen_t chunk = rows_per_region(point_work(1, D->d), D->threads);
    chunk = chunk < block ? block : chunk / block * block;
    for (R_xlen_t start = 0; start < n; start += chunk) {
        R_xlen_t end = start + chunk < n ? start + chunk : n;
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
