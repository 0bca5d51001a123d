/* Learning decision lists: what src/learn_rules.c (the .Call entry points,
 * the checks and Holte's 1R) and src/learn_covering.c (growing one rule of
 * the sequential covering) share: the predictors, a condition, the cut
 * points both place between two values, and the covering's two functions
 * that learn_rules.c calls (learn_covering.c calls nothing of it). */
#ifndef SDSANTE_LEARN_H
#define SDSANTE_LEARN_H

#include "sdsante.h"
#include <R_ext/Utils.h>
#include <stdio.h>

/* The predictors as plain C arrays. */
typedef struct {
    int p;                 /* number of columns */
    R_xlen_t n;            /* number of rows */
    const double **num;    /* numeric column j, or NULL */
    const int **fac;       /* factor column j (codes 1..L), or NULL */
    const int *n_levels;   /* 0 for a numeric column */
} predictors;

/* One condition: column `column` (0-based) `op` `cut`, or in the level set
 * `in_set` (in_set[l - 1] != 0 for level code l). */
typedef struct {
    int column;
    int op;
    double cut;
    unsigned char *in_set;
} condition;

/* A cut point strictly above a and at most b (a < b), shared by 1R and the
 * covering: halfway between them, rounded to 15 significant digits so that it
 * prints as it would be typed (33.4, not 33.400000000000006) when that keeps
 * it in (a, b]; b itself next to an infinite value.  The rounding is the
 * decimal text read back, correctly rounded (scaling by a power of ten, as
 * Rf_fprec() does, can land on the neighbouring 15-digit decimal). */
static inline double learn_cut_between(double a, double b)
{
    double c = a / 2 + b / 2;
    if (!(c > a && c <= b)) return b;
    if (!R_FINITE(c)) return b;
    char text[32];
    snprintf(text, sizeof text, "%.14e", c);
    double rounded = R_strtod(text, NULL);
    return (rounded > a && rounded <= b) ? rounded : c;
}

/* Grow one rule for the positive class on the rows whose role is 1; returns
 * the number of conditions written to `conds` (learn_covering.c). */
int learn_grow_rule(const predictors *x, int *const *orders, double *const *sorted_values,
                    const R_xlen_t *order_len, const int *role, const int *is_positive,
                    condition *conds, int max_conds);

/* How many leading conditions of a rule each row meets (learn_covering.c). */
void learn_rule_depth(const predictors *x, const condition *conds, int n_conds, int *depth);

#endif
