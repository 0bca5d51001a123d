/* Registration of the .Call entry points, and nothing else (as R's stats). */
#include "sdsante.h"
#include <R_ext/Rdynload.h>

#define CALLDEF(name, n) {#name, (DL_FUNC) &name, n}

static const R_CallMethodDef call_methods[] = {
    /* confusion.c */
    CALLDEF(sds_confusion_counts, 5),
    /* roc.c */
    CALLDEF(sds_roc_sweep, 4),
    /* rules.c */
    CALLDEF(sds_rule_opcodes, 0),
    CALLDEF(sds_rules_eval, 11),
    /* learn_rules.c */
    CALLDEF(sds_learn_grow, 6),
    CALLDEF(sds_learn_oner, 6),
    CALLDEF(sds_learn_presort, 2),
    /* kmeans_fit.c */
    CALLDEF(sds_kmeans_algorithms, 0),
    CALLDEF(sds_kmeans_fit, 8),
    CALLDEF(sds_kmeans_standardize, 3),
    /* kmeans_start.c */
    CALLDEF(sds_kmeans_start, 5),
    /* kmeans_predict.c */
    CALLDEF(sds_kmeans_predict, 3),
    /* util.c */
    CALLDEF(sds_column_scan, 5),
    CALLDEF(sds_max_threads, 0),
    CALLDEF(sds_text_scan, 2),
    CALLDEF(sds_text_levels, 2),
    CALLDEF(sds_text_match, 2),
    /* silhouette.c */
    CALLDEF(sds_silhouette_widths, 4),
    {NULL, NULL, 0}
};

void R_init_sdsante(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
