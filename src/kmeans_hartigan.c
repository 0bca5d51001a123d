/* k-means, one point at a time: Hartigan and Wong's algorithm AS 136
 * finished by Hartigan's exchange, and MacQueen's online updates (see
 * kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>


/* Start of the one-point-at-a-time methods: nearest centres, then means. */
static int start_online(const data_t *D, int k, int *label, double *c, sums_t *M,
                        kernel_t *K)
{
    for (R_xlen_t i = 0; i < D->n; i++) label[i] = -1;
    assign_all(D, c, k, label, NULL, NULL, NULL, K);
    if (cluster_means(D, label, k, c, M) > 0 &&
        reseed_empty(D, label, k, c, M, NULL, NULL) < 0)
        return STATUS_TOO_FEW_DISTINCT;
    return STATUS_OK;
}

/* Move point xi (weight wi) from cluster a to cluster b, updating both means. */
static void move_between_means(const double *xi, double wi, int a, int b, double *c,
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
    sds_poller poll = SDS_POLLER;
    const double point_cost = point_work(k, d);
    for (*passes = 1; *passes <= max_passes; (*passes)++) {
        R_xlen_t moved = 0;
        for (R_xlen_t i = 0; i < D->n; i++) {
            sds_poll(&poll, point_cost);
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
                move_between_means(buf, wi, a, best, c, wsum, d);
                label[i] = best;
                moved++;
            }
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
                     hw_state *hw, double *xi)
{
    const R_xlen_t m = D->n;
    const int d = D->d;
    sds_poller poll = SDS_POLLER;
    const double point_cost = point_work(k, d);
    for (int l = 0; l < k; l++)
        if (hw->itran[l] == 1) hw->live[l] = m + 1;
    for (R_xlen_t i = 0; i < m; i++) {
        R_xlen_t step = i + 1;
        hw->indx++;
        int l1 = ic1[i];
        double wi = weight(D, i);
        if (wsum[l1] - wi > 0) {
            load_point(D, i, xi);
            if (hw->ncp[l1] != 0)
                hw->dist[i] = sqdist(xi, c + (R_xlen_t) l1 * d, d) * hw_an1(wsum[l1], wi);
            int l2 = hw->ic2[i], ll = l2;
            double r2 = sqdist(xi, c + (R_xlen_t) l2 * d, d) * hw_an2(wsum[l2], wi);
            for (int l = 0; l < k; l++) {
                if ((step >= hw->live[l1] && step >= hw->live[l]) || l == l1 || l == ll)
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
            if (r2 >= hw->dist[i]) {
                hw->ic2[i] = l2;
            } else {
                hw->indx = 0;
                hw->live[l1] = m + step;
                hw->live[l2] = m + step;
                hw->ncp[l1] = step;
                hw->ncp[l2] = step;
                hw_transfer(xi, wi, l1, l2, c, wsum, d);
                ic1[i] = l2;
                hw->ic2[i] = l1;
            }
        }
        if (hw->indx == m) return;
        sds_poll(&poll, point_cost);
    }
    for (int l = 0; l < k; l++) {
        hw->itran[l] = 0;
        hw->live[l] -= m;
    }
}

/* Quick-transfer stage: each point against its second closest cluster only,
 * until m steps in a row move nothing.  Returns 1 if it ran out of steps. */
static int hw_qtran(const data_t *D, double *c, int *ic1, double *wsum, hw_state *hw,
                    double *xi, R_xlen_t max_steps)
{
    const R_xlen_t m = D->n;
    const int d = D->d;
    sds_poller poll = SDS_POLLER;
    const double point_cost = point_work(2, d);
    R_xlen_t icoun = 0, istep = 0;
    for (;;) {
        for (R_xlen_t i = 0; i < m; i++) {
            icoun++;
            istep++;
            if (istep >= max_steps) return 1;
            int l1 = ic1[i], l2 = hw->ic2[i];
            double wi = weight(D, i);
            if (wsum[l1] - wi > 0) {
                int loaded = 0;
                if (istep <= hw->ncp[l1]) {
                    load_point(D, i, xi);
                    loaded = 1;
                    hw->dist[i] = sqdist(xi, c + (R_xlen_t) l1 * d, d) * hw_an1(wsum[l1], wi);
                }
                if (!(istep >= hw->ncp[l1] && istep >= hw->ncp[l2])) {
                    double r2 = hw->dist[i] / hw_an2(wsum[l2], wi), dd = 0.0;
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
                        hw->indx = 0;
                        hw->itran[l1] = 1;
                        hw->itran[l2] = 1;
                        hw->ncp[l1] = istep + m;
                        hw->ncp[l2] = istep + m;
                        hw_transfer(xi, wi, l1, l2, c, wsum, d);
                        ic1[i] = l2;
                        hw->ic2[i] = l1;
                    }
                }
            }
            if (icoun == m) return 0;
            sds_poll(&poll, point_cost);
        }
    }
}

int fit_hartigan(const data_t *D, int k, const fit_options *o, int *label,
                 double *c, sums_t *M, kernel_t *K, int *iter, int *converged)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    sds_poller poll = SDS_POLLER;
    const double point_cost = point_work(k, d);
    double *wsum = M->wsum, *buf = kernel_point(K, K->scratch);
    hw_state hw;
    hw.ic2 = (int *) R_alloc((size_t) n, sizeof(int));
    hw.dist = (double *) R_alloc((size_t) n, sizeof(double));
    hw.ncp = (R_xlen_t *) R_alloc((size_t) k, sizeof(R_xlen_t));
    hw.live = (R_xlen_t *) R_alloc((size_t) k, sizeof(R_xlen_t));
    hw.itran = (int *) R_alloc((size_t) k, sizeof(int));

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
        hw.ic2[i] = c2;
        sds_poll(&poll, point_cost);
    }
    if (cluster_means(D, label, k, c, M) > 0) {
        if (reseed_empty(D, label, k, c, M, NULL, NULL) < 0)
            return STATUS_TOO_FEW_DISTINCT;
        for (R_xlen_t i = 0; i < n; i++)
            if (hw.ic2[i] == label[i]) hw.ic2[i] = label[i] == 0 ? 1 : 0;
    }
    for (int l = 0; l < k; l++) {
        hw.itran[l] = 1;
        hw.ncp[l] = -1;
    }
    hw.indx = 0;
    R_xlen_t max_qtran = n > R_XLEN_T_MAX / 50 ? R_XLEN_T_MAX : 50 * n;
    int done = 0;   /* 1: AS 136 stopped (R would report ifault 4 if by its step limit) */
    for (*iter = 1; *iter <= o->iter_max; (*iter)++) {
        hw_optra(D, k, c, label, wsum, &hw, buf);
        if (o->trace)
            Rprintf(_("Hartigan-Wong iteration %d: optimal-transfer stage done\n"), *iter);
        if (hw.indx == n) { done = 1; break; }
        if (hw_qtran(D, c, label, wsum, &hw, buf, max_qtran)) { done = 1; break; }
        if (k == 2) { done = 1; break; }
        for (int l = 0; l < k; l++) hw.ncp[l] = 0;
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
    assign_all(D, c, k, label, NULL, NULL, NULL, K);
    return STATUS_OK;
}

/* MacQueen: each point goes to its nearest centre at once, and the two
 * centres concerned are updated; passes until no point moves.  A move that
 * would empty a cluster is not made. */
int fit_macqueen(const data_t *D, int k, const fit_options *o, int *label,
                 double *c, sums_t *M, kernel_t *K, int *iter, int *converged)
{
    const int d = D->d;
    sds_poller poll = SDS_POLLER;
    const double point_cost = point_work(k, d);
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
                move_between_means(buf, wi, a, b, c, wsum, d);
                label[i] = b;
                moved++;
            }
            sds_poll(&poll, point_cost);
        }
        if (o->trace)
            Rprintf(_("k-means pass %d: number of points that changed group: %.0f\n"), *iter, (double) moved);
        if (moved == 0) { *converged = 1; break; }
    }
    if (*iter > o->iter_max) *iter = o->iter_max;
    cluster_means(D, label, k, c, M);
    assign_all(D, c, k, label, NULL, NULL, NULL, K);
    return STATUS_OK;
}
