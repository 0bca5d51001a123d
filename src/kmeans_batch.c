/* k-means: the batch algorithms: the plain Lloyd pass, Hamerly's pass (which
 * gives exactly Lloyd's result while skipping most distances), and the choice
 * between them pass by pass (see kmeans.h). */
#include "kmeans.h"
#include <float.h>
#include <math.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* ---------------------------------------------------------------------------
 * The plain pass: every point to its nearest centre (every distance, no
 * bounds), and if asked, Hamerly's bounds and the sums of the new groups,
 * either in full or by moving the points that changed.
 * Full sums: with one thread, each point is added as it is assigned; with
 * several, the threads first find the nearest centres of a chunk of a few MB
 * (rows split among them), then add its points to the sums (the sums split
 * among them: by columns, or by clusters when there are fewer columns than
 * threads).  Either way the data are read from memory once, and every sum
 * runs over the points in index order, exactly as sums_full() (and R's
 * Lloyd) adds them.  Moves: as sums_move() makes them, in index order. */

/* The nearest centres of the points r0..r1-1 (r0 a multiple of BATCH);
 * returns how many changed cluster, and counts them by batches of BATCH
 * points in K->batch_changes.  B: also their bounds; counts: also adds them
 * to the counts of their clusters; sums: also to the sums (unit weights, see
 * rows_nearest()). */
static R_xlen_t block_nearest(const data_t *D, const double *c, int k, int *label,
                              bounds_t *B, R_xlen_t *counts, double *sums, const moves_t *mv,
                              R_xlen_t r0, R_xlen_t r1, const kernel_t *K)
{
    const R_xlen_t n = D->n, rows = block_rows(D->d);
    const int d = D->d;
    double *q1 = B ? K->rows_q + (R_xlen_t) sds_thread_id() * 2 * rows : NULL;
    double *q2 = q1 ? q1 + rows : NULL;
    R_xlen_t changed = 0;
    for (R_xlen_t s0 = r0; s0 < r1; s0 += BATCH) {
        R_xlen_t s1 = s0 + BATCH < r1 ? s0 + BATCH : r1;
        R_xlen_t full = (s1 - s0) / TILE * TILE, batch_changed = 0;
        double *p1 = q1 ? q1 + (s0 - r0) : NULL, *p2 = q2 ? q2 + (s0 - r0) : NULL;
        moves_t here;
        if (mv) {
            here = *mv;
            here.prev = mv->prev ? mv->prev + s0 : NULL;
            here.list = mv->list ? mv->list + s0 / 64 : NULL;
            if (here.list) memset(here.list, 0, (size_t) (BATCH / 64) * sizeof(uint64_t));
        }
        if (full > 0)
            batch_changed = rows_nearest(D->x + s0, n, full, c, k, d, label + s0, p1, p2, sums,
                                         mv ? &here : NULL, &K->filter);
        if (full < s1 - s0) {             /* the last few points, through a tile */
            R_xlen_t idx[TILE];
            int m = (int) (s1 - s0 - full), best[TILE];
            double *xs = kernel_tile(K);
            for (int p = 0; p < TILE; p++) {
                idx[p] = s0 + full + (p < m ? p : m - 1);
                best[p] = label[idx[p]];
            }
            tile_gather(D, idx, m, TILE, xs);
            rows_nearest(xs, TILE, TILE, c, k, d, best, p1 ? p1 + full : NULL,
                         p2 ? p2 + full : NULL, NULL, NULL, &K->filter);
            if (mv && here.prev) here.prev = mv->prev + s0 + full;
            for (int p = 0; p < m; p++) {
                if (mv && best[p] != label[idx[p]]) {
                    move_tile_point(&here, xs, TILE, p, d, label[idx[p]], best[p]);
                    if (here.list)
                        here.list[(full + p) >> 6] |= (uint64_t) 1 << ((full + p) & 63);
                }
                batch_changed += best[p] != label[idx[p]];
                label[idx[p]] = best[p];
                if (sums)   /* the padding of the tile is not added */
                    for (int t = 0; t < d; t++)
                        sums[(R_xlen_t) best[p] * d + t] += xs[(R_xlen_t) t * TILE + p];
            }
        }
        K->batch_changes[s0 / BATCH] = (int) batch_changed;
        changed += batch_changed;
    }
    if (counts) {   /* four sets of counters, so that neighbours never wait on each other */
        R_xlen_t i = r0;
        for (; i + 4 <= r1; i += 4) {
            counts[label[i]]++;
            counts[k + label[i + 1]]++;
            counts[2 * k + label[i + 2]]++;
            counts[3 * k + label[i + 3]]++;
        }
        for (; i < r1; i++) counts[label[i]]++;
    }
    if (B)
        for (R_xlen_t i = r0; i < r1; i++) {
            B->upper[i] = store_up(round_up(sqrt(q1[i - r0]), B->delta));
            B->lower[i] = store_down(round_down(sqrt(q2[i - r0]), B->delta));
        }
    return changed;
}

/* Returns how many points changed cluster.  M (optional): the sums, weights
 * and counts of the new groups: recomputed in full as sums_full() computes
 * them (prev NULL), or brought up to date by moving the points that changed
 * (prev: the labels the sums belong to, brought up to date too): with unit
 * weights during the pass, block by block (delta_open()); with weights
 * after it, in index order (moves_block(), sums_move()).  Either way the
 * result does not depend on the number of threads.  B (optional):
 * Hamerly's bounds of every point. */
R_xlen_t assign_all(const data_t *D, const double *c, int k, int *label, sums_t *M,
                    int *prev, bounds_t *B, kernel_t *K)
{
    const R_xlen_t n = D->n, rows = block_rows(D->d);
    const int d = D->d, owners = K->threads;
    const R_xlen_t per_owner = (R_xlen_t) k * d + k + 8;
    sums_t *full_sums = M && !prev ? M : NULL;   /* sums in full */
    const int alone = owners == 1 && !D->w;            /* one thread, unit weights */
    /* moves: by deltas (unit weights); else (weights) marked by the threads
     * and made chunk by chunk while the chunk is in cache, by column blocks
     * (moves_block()), or with one thread after the pass (sums_move()) */
    const int deltas = M && prev && !D->w;
    const int marked = M && prev && D->w && K->moved, blocks = column_blocks(D);
    moves_t marks = {.sum = NULL, .wsum = NULL, .npos = NULL, .prev = prev, .list = K->moved};
    /* blocks between two polls (rows_per_region()), and when the threads
     * share the sums or the moves at the end of a region, at most about
     * 8 MB of data (in the shared cache), and no more blocks than deltas */
    R_xlen_t chunk = rows_per_region(point_work(k, d), owners), cached = ((R_xlen_t) 1 << 20) / d;
    if ((full_sums || marked) && owners > 1 && chunk > cached) chunk = cached;
    if (deltas && owners > 1 && chunk > K->delta_slots * rows) chunk = K->delta_slots * rows;
    chunk = chunk < rows ? rows : chunk / rows * rows;
    if (full_sums) {
        memset(K->owner_sums, 0, (size_t) owners * per_owner * sizeof(double));
        memset(K->owner_npos, 0, (size_t) owners * (4 * k + 8) * sizeof(R_xlen_t));
    }
    if (marked) moves_open(D, k, M);
    filter_centres(K, c);
    R_xlen_t changed = 0;
    for (R_xlen_t start = 0; start < n; start += chunk) {
        R_xlen_t end = start + chunk < n ? start + chunk : n;
#ifdef _OPENMP
#pragma omp parallel num_threads(owners) reduction(+:changed) if(owners > 1)
#endif
        {
            int team = 1;
#ifdef _OPENMP
            team = omp_get_num_threads();
#endif
            R_xlen_t *counts = full_sums && !D->w
                               ? K->owner_npos + (R_xlen_t) sds_thread_id() * (4 * k + 8) : NULL;
            moves_t here;
            if (alone || team == 1) {
                /* block by block, while the block is in cache; with one
                 * thread and unit weights, the sums as the points are
                 * assigned */
                for (R_xlen_t b0 = start; b0 < end; b0 += rows) {
                    R_xlen_t b1 = b0 + rows < end ? b0 + rows : end;
                    const moves_t *mv = deltas ? delta_open(K, 0, prev, &here)
                                               : marked ? &marks : NULL;
                    changed += block_nearest(D, c, k, label, B, counts,
                                             full_sums && alone ? K->owner_sums : NULL, mv, b0,
                                             b1, K);
                    if (deltas) delta_add(K, 0, M);
                    if (full_sums && !alone)
                        for (int o = 0; o < owners; o++)
                            owner_block_sums(D, label, k, b0, b1, o, owners, K);
                    if (marked) {
                        for (int b = 0; b < blocks; b++)
                            moves_block(D, label, prev, k, M, K->batch_changes, K->moved, BATCH,
                                        b0, b1, b);
                        moves_prev(label, prev, K->batch_changes, K->moved, BATCH, b0, b1);
                    }
                }
            } else {
                /* the rows of the chunk among the threads, then its sums,
                 * deltas or moves: waits per chunk (a few MB, still in the
                 * shared cache) */
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
                for (R_xlen_t b0 = start; b0 < end; b0 += rows) {
                    R_xlen_t b1 = b0 + rows < end ? b0 + rows : end;
                    const moves_t *mv = deltas ? delta_open(K, (int) ((b0 - start) / rows), prev, &here)
                                               : marked ? &marks : NULL;
                    changed += block_nearest(D, c, k, label, B, counts, NULL, mv, b0, b1, K);
                }
                if (full_sums) {
#ifdef _OPENMP
#pragma omp for schedule(static, 1)
#endif
                    for (int o = 0; o < owners; o++)
                        owner_block_sums(D, label, k, start, end, o, owners, K);
                }
                if (deltas) {
#ifdef _OPENMP
#pragma omp single
#endif
                    for (R_xlen_t b0 = start; b0 < end; b0 += rows)
                        delta_add(K, (int) ((b0 - start) / rows), M);
                }
                if (marked) {
#ifdef _OPENMP
#pragma omp for schedule(static, 1)
#endif
                    for (int b = 0; b < blocks; b++)
                        moves_block(D, label, prev, k, M, K->batch_changes, K->moved, BATCH,
                                    start, end, b);
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
                    for (R_xlen_t b0 = start; b0 < end; b0 += BATCH)
                        moves_prev(label, prev, K->batch_changes, K->moved, BATCH, b0,
                                   b0 + BATCH < end ? b0 + BATCH : end);
                }
            }
        }
        if (end < n) R_CheckUserInterrupt();
    }
    if (marked) moves_close(D, k, M);
    else if (M && prev && !deltas) sums_move(D, label, prev, k, M, K->batch_changes, BATCH);
    if (full_sums) gather_owner_sums(D, k, full_sums, K);
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
typedef struct {
    bounds_t B;            /* upper, lower, delta */
    /* in single precision, rounded outwards, as the bounds (see bounds_t) */
    float *half_gap;       /* k: rounded down */
    float *moved;          /* k: how far each centre moved, rounded up */
    int far1;              /* centre that moved most */
    float move1, move2;    /* largest and second largest moves */
} hamerly_t;

static void hamerly_half_gaps(hamerly_t *H, const double *c, int k, int d)
{
    for (int j = 0; j < k; j++) {
        double m = R_PosInf;
        for (int l = 0; l < k; l++) {
            if (l == j) continue;
            double q = sqdist(c + (R_xlen_t) j * d, c + (R_xlen_t) l * d, d);
            if (q < m) m = q;
        }
        H->half_gap[j] = store_down(round_down(0.5 * sqrt(m), H->B.delta));
    }
}

static void hamerly_moves(hamerly_t *H, const double *old_c, const double *c, int k, int d)
{
    H->far1 = 0; H->move1 = 0.0f; H->move2 = 0.0f;
    for (int j = 0; j < k; j++) {
        double p = sqrt(sqdist(old_c + (R_xlen_t) j * d, c + (R_xlen_t) j * d, d));
        H->moved[j] = p > 0 ? store_up(round_up(p, H->B.delta)) : 0.0f;
        if (H->moved[j] > H->move1) {
            H->move2 = H->move1;
            H->move1 = H->moved[j];
            H->far1 = j;
        } else if (H->moved[j] > H->move2) {
            H->move2 = H->moved[j];
        }
    }
}

/* One Hamerly pass, from bounds set by the previous pass and moved by the
 * centres' last moves.  *searched: the points that needed a full search. */
static R_xlen_t hamerly_pass(const data_t *D, const double *c, int k, int *label,
                             hamerly_t *H, kernel_t *K, R_xlen_t *searched)
{
    const int d = D->d;
    const double delta = H->B.delta, skip_factor = 1.0 + 8.0 * delta;
    const float *moved = H->moved, *half_gap = H->half_gap;
    const float move1 = H->move1, move2 = H->move2;
    const int far1 = H->far1;
    float *upper = H->B.upper, *lower = H->B.lower;
    /* The pass over the bounds runs in single precision, each result moved
     * outwards by more than its roundings: a sum and a product, 2^-24 each
     * (relative, or 2^-150 absolute among subnormals), are covered by the
     * factors 1 +- 2^-21 and by 2^-148; the skip test's factor covers
     * skip_factor and the rounding of its product. */
    const float grow = 1.0f + 0x1p-21f, shrink = 1.0f - 0x1p-21f, tiny = 0x1p-148f;
    const float skip_f = store_up(skip_factor * (1.0 + 0x1p-21));
    R_xlen_t changed = 0, full = 0;
    filter_centres(K, c);
    /* batches between two polls: at most rows_per_region() */
    R_xlen_t chunk = rows_per_region(point_work(k, d), K->threads);
    if (chunk < (R_xlen_t) BATCH * K->threads) chunk = (R_xlen_t) BATCH * K->threads;
    chunk = (chunk + BATCH - 1) / BATCH * BATCH;
    for (R_xlen_t start = 0; start < D->n; start += chunk) {
        R_xlen_t end = start + chunk < D->n ? start + chunk : D->n;
#ifdef _OPENMP
#pragma omp parallel num_threads(K->threads) reduction(+:changed, full) if(K->threads > 1)
#endif
        {
            double *xs = kernel_tile(K), *xi = kernel_point(K, xs);
            R_xlen_t *list = K->lists + (R_xlen_t) sds_thread_id() * 2 * BATCH, *tight = list + BATCH;
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
            for (R_xlen_t b0 = start; b0 < end; b0 += BATCH) {
                R_xlen_t b1 = b0 + BATCH < end ? b0 + BATCH : end;
                int nl = 0, nt = 0, batch_changed = 0;
                /* bounds first; the points they cannot settle have their
                 * coordinates fetched (all at once, to overlap the memory
                 * accesses), their upper bound tightened, and if still
                 * needed go to the list of full searches */
                for (R_xlen_t i = b0; i < b1; i++) {
                    int a = label[i];
                    float u = (upper[i] + moved[a]) * grow + tiny;
                    float l = (lower[i] - (a == far1 ? move2 : move1)) * shrink - tiny;
                    l = l > 0.0f ? l : 0.0f;
                    upper[i] = u;
                    lower[i] = l;
                    float m = l > half_gap[a] ? l : half_gap[a];
                    if (u * skip_f < m) continue;
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
                        upper[i] = store_up(u);
                        continue;
                    }
                    list[nl++] = i;
                }
                /* full searches, exactly as Lloyd's, also keeping the second
                 * best: two tiles at a time (the filter shares its loads
                 * between them) */
                for (int m0 = 0; m0 < nl; m0 += 2 * TILE) {
                    int best[2 * TILE], mm = nl - m0 < 2 * TILE ? nl - m0 : 2 * TILE;
                    int width = mm > TILE ? 2 * TILE : TILE;
                    double q1[2 * TILE], q2[2 * TILE];
                    for (int p = 0; p < width; p++) best[p] = label[list[m0 + (p < mm ? p : mm - 1)]];
                    tile_gather(D, list + m0, mm, width, xs);
                    rows_nearest(xs, width, width, c, k, d, best, q1, q2, NULL, NULL, &K->filter);
                    for (int p = 0; p < mm; p++) {
                        R_xlen_t i = list[m0 + p];
                        upper[i] = store_up(round_up(sqrt(q1[p]), delta));
                        lower[i] = store_down(round_down(sqrt(q2[p]), delta));
                        batch_changed += best[p] != label[i];
                        label[i] = best[p];
                    }
                }
                K->batch_changes[b0 / BATCH] = batch_changed;
                changed += batch_changed;
                full += nl;
            }
        }
        if (end < D->n) R_CheckUserInterrupt();
    }
    *searched = full;
    return changed;
}

/* ---------------------------------------------------------------------------
 * The choice of each pass, from the shape and from what the last passes
 * did, never from a clock (so a run can be replayed and reasoned about):
 * - the plain pass (every distance, the sums in the same read) whenever
 *   bounds cannot pay: Lloyd asked for, few distances per point (k d < 16:
 *   reading and writing two bounds costs as much as the distances), the
 *   first pass, or a pass after which many points moved (the sums must then
 *   be recomputed in full anyway);
 * - otherwise Hamerly's pass, unless the last one still had to search too
 *   many points in full to beat a plain pass: more than a fraction
 *   k d / (k d + 1024) of them (about 9% for k d = 100, 76% for k d = 3200:
 *   the more distances a point has, the more a skipped one saves).  Then
 *   plain passes for a while (1, 2, 4, ... after each such failure) before
 *   the bounds are tried again.
 * The plain pass sets the bounds for a Hamerly pass that follows it.  Both
 * find the same nearest centres, so the choice never changes the result.
 * After either, the sums are those of the new labels: recomputed in full in
 * the plain pass's own read when the last pass moved many points (n / 8 or
 * more), else brought up to date by moving the points that changed (and a
 * fit converges only on sums recomputed in full, see fit_batch()). */
#define BOUNDS_MIN_KD 16

static double bounds_max_searched(int k, int d)
{
    double kd = (double) k * d;
    return kd / (kd + 1024.0);
}

typedef struct {
    int bounds;                /* Hamerly's bounds may be used */
    int plain;                 /* the pass to run now is the plain one */
    int wait, backoff;         /* plain passes left before the bounds are tried again */
    double max_searched;       /* fraction of full searches above which bounds did not pay */
    hamerly_t H;
    int *prev;                 /* labels the sums were last computed for in full */
    R_xlen_t changed, searched;
} strategy_t;

static void strategy_next(strategy_t *plan, R_xlen_t n)
{
    int was_plain = plan->plain;
    plan->plain = 1;
    if (!plan->bounds || plan->changed >= n / 8) return;
    if (!was_plain && plan->searched > plan->max_searched * (double) n) {
        plan->wait = plan->backoff;
        plan->backoff *= 2;
        return;
    }
    if (!was_plain) plan->backoff = 1;
    if (plan->wait > 0) {
        plan->wait--;
        return;
    }
    plan->plain = 0;
}

/* One pass of the batch fit: the nearest centres, then the sums brought up
 * to date for the new labels.  Returns the points that changed cluster;
 * *full: 1 if the sums were recomputed in full (in index order), 0 if moved. */
static R_xlen_t batch_pass(const data_t *D, const double *c, int k, int *label, sums_t *M,
                           kernel_t *K, strategy_t *plan, int *full)
{
    const R_xlen_t n = D->n;
    const R_xlen_t many = n / 8;
    if (plan->plain) {
        /* after a pass that moved many points, the sums in full (in the same
         * read), else by moving the points that change */
        *full = plan->changed >= many;
        /* the bounds only when the next pass may use them: while plain
         * passes are still to wait, the next one is plain (strategy_next()) */
        plan->changed = assign_all(D, c, k, label, M, *full ? NULL : plan->prev,
                                   plan->bounds && plan->wait == 0 ? &plan->H.B : NULL, K);
    } else {
        hamerly_half_gaps(&plan->H, c, k, D->d);
        plan->changed = hamerly_pass(D, c, k, label, &plan->H, K, &plan->searched);
        *full = plan->changed >= many;
        if (*full) sums_full(D, label, k, M);
        else sums_move(D, label, plan->prev, k, M, K->batch_changes, BATCH);
    }
    /* the labels of the sums, for the moves of the next pass */
    if (*full && plan->changed < many) memcpy(plan->prev, label, (size_t) n * sizeof(int));
    return plan->changed;
}

static double total_shift(const double *old_c, const double *c, int k, int d)
{
    double s = 0.0;
    for (int j = 0; j < k; j++)
        s += sqdist(old_c + (R_xlen_t) j * d, c + (R_xlen_t) j * d, d);
    return s;
}

/* Lloyd and Hamerly share this loop, and their passes find the same nearest
 * centres, so they make the same moves: a pass; stop if nothing changed;
 * otherwise the means of the sums, re-seeding empty clusters, and stop early
 * if the centres barely moved (tol).  Convergence is only declared on
 * centres computed in full, as R's Lloyd computes them (sums in index order,
 * then divided): if a pass changes nothing with centres that were brought up
 * to date point by point, they are recomputed in full and checked once more. */
int fit_batch(const data_t *D, int k, const fit_options *o, int *label, double *c,
              sums_t *M, kernel_t *K, int *iter, int *converged)
{
    const R_xlen_t n = D->n;
    const int d = D->d;
    strategy_t plan = {
        .bounds = o->algorithm == ALGO_HAMERLY && (double) k * d >= BOUNDS_MIN_KD,
        .plain = 1, .wait = 0, .backoff = 1, .max_searched = bounds_max_searched(k, d),
        .H = {.B = {.delta = 8.0 * (d + 4) * DBL_EPSILON}},
        .changed = n, .searched = 0};
    double *old_c = (double *) R_alloc((size_t) k * d, sizeof(double));
    if (plan.bounds) {
        plan.H.B.upper = (float *) R_alloc((size_t) n, sizeof(float));
        plan.H.B.lower = (float *) R_alloc((size_t) n, sizeof(float));
        plan.H.half_gap = (float *) R_alloc((size_t) k, sizeof(float));
        plan.H.moved = (float *) R_alloc((size_t) k, sizeof(float));
    }
    plan.prev = (int *) R_alloc((size_t) n, sizeof(int));
    for (R_xlen_t i = 0; i < n; i++) label[i] = -1;
    *converged = 0;
    *iter = 0;
    int exact = 0, full, stop_on_tol = 0;
    for (;;) {
        R_xlen_t changed = batch_pass(D, c, k, label, M, K, &plan, &full);
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
            if (!full) sums_full(D, label, k, M);   /* check on centres computed in full */
            means_from_sums(M, k, d, c);
            exact = 1;
        } else {
            (*iter)++;
            exact = full;
            if (means_from_sums(M, k, d, c) > 0) {
                if (reseed_empty(D, label, k, c, M, plan.bounds ? plan.H.B.upper : NULL,
                                 plan.bounds ? plan.H.B.lower : NULL) < 0)
                    return STATUS_TOO_FEW_DISTINCT;
                memcpy(plan.prev, label, (size_t) n * sizeof(int));
                exact = 1;
            }
        }
        if (plan.bounds) hamerly_moves(&plan.H, old_c, c, k, d);
        if (*iter >= o->iter_max && changed > 0) break;    /* not converged */
        if (o->tol > 0 && changed > 0 && total_shift(old_c, c, k, d) <= o->tol) {
            *converged = 1;
            stop_on_tol = 1;
            break;
        }
        strategy_next(&plan, n);
        R_CheckUserInterrupt();
    }
    if (!*converged || stop_on_tol) {
        /* labels must match the returned centres, those in full */
        if (!exact) {
            sums_full(D, label, k, M);
            means_from_sums(M, k, d, c);
        }
        assign_all(D, c, k, label, NULL, NULL, NULL, K);
    }
    return STATUS_OK;
}
