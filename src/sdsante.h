/* sdsante's one private header: the R API, translation, shared helpers and the
 * entry points that src/init.c registers. */
#ifndef SDSANTE_H
#define SDSANTE_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(String) dgettext("sdsante", String)
#else
#define _(String) (String)
#endif

/* Long loops poll for a user interrupt once every 2^20 iterations. */
#define SDS_INTERRUPT_EVERY(i) ((((i) + 1) & ((R_xlen_t) 0xFFFFF)) == 0)

/* util.c: shared helpers */
void sds_order_doubles(const double *x, R_xlen_t n, R_xlen_t *order);

/* confusion.c */
SEXP sds_confusion_counts(SEXP truth, SEXP predicted, SEXP truth_to_class,
                          SEXP predicted_to_class, SEXP n_classes);

/* roc.c */
SEXP sds_roc_sweep(SEXP is_positive, SEXP score);

/* rules.c */

/* learn_rules.c */

/* kmeans.c */

#endif
