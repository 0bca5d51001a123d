# A catalogue of bad inputs for every exported function.  Each case must end
# in an R error whose message names the argument (or column) and says what
# was expected, or in a documented result.  No message may leak an internal
# detail of R or of the C code.

leaks <- paste(c("foreign function call", "subscript out of bounds",
                 "NA/NaN/Inf", "missing value where TRUE/FALSE needed",
                 "non-numeric argument", "argument of length 0",
                 "argument is of length zero", "invalid 'type'",
                 "internal error", "object of type 'closure'", "\\$ operator",
                 "cannot coerce", "replacement has"), collapse = "|")

train <- tableaux[tableaux$ensemble == "apprentissage", ]
slides <- rule_list(yeux >= 1 & yeux <= 2 ~ "Portrait", visages >= 2 ~ "Personnages",
                    .default = "Paysage")
painting_formula <- classe ~ yeux + nez + bouches + visages
points <- descripteurs[descripteurs$ensemble == "apprentissage", c("d1", "d2")]
set.seed(1)
fit <- k_means(points, 3)

bad_cases <- list(
  # confusion_matrix()
  list(quote(confusion_matrix(NULL, NULL)), "'truth' must be .* not NULL"),
  list(quote(confusion_matrix(character(), character())), "at least one value"),
  list(quote(confusion_matrix("a", c("a", "b"))), "'truth' and 'predicted' must have the same length"),
  list(quote(confusion_matrix(c(NA, NA), c(NA, NA))), "every pair"),
  list(quote(confusion_matrix(c(NA, "a"), c("b", NA))), "every pair"),
  list(quote(confusion_matrix(c("a", "a"), c("a", "a"))), "at least two classes"),
  list(quote(confusion_matrix(list("a", "b"), c("a", "b"))), "'truth' must be a factor"),
  list(quote(confusion_matrix(c("a", "b"), list("a", "b"))), "'predicted' must be a factor"),
  list(quote(confusion_matrix(c(0.5, 1), c(1, 1))), "'truth' must hold classes"),
  list(quote(confusion_matrix(c(Inf, 1), c(1, 1))), "'truth' must hold classes"),
  list(quote(confusion_matrix(matrix(1:4, 2), 1:4)), "'truth' must be a factor .* not a matrix"),
  list(quote(confusion_matrix(data.frame(a = 1:2), 1:2)), "'truth' must be a factor .* not a data frame"),
  list(quote(confusion_matrix(sum, 1:2)), "'truth' must be a factor .* not a function"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = "c")), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = NA)), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = c("a", "b"))), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), positive = list("a"))), "'positive' must be one of the classes"),
  list(quote(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"), positive = "a")), "'positive' only applies to two classes"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = 0)), "'prevalence' must be a single number strictly between 0 and 1"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = 1)), "'prevalence' must be a single number strictly between 0 and 1"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = -0.5)), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = NA)), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = "0.1")), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b"), c("a", "b"), prevalence = c(0.1, 0.2))), "'prevalence'"),
  list(quote(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"), prevalence = 0.1)), "'prevalence' must be a named vector"),
  list(quote(confusion_matrix(c("a", "b", "c"), c("a", "b", "c"), prevalence = c(a = 0.1, b = 0.2, d = 0.3))), "'prevalence' must be a named vector"),
  # as_confusion_matrix()
  list(quote(as_confusion_matrix(NULL)), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(1:6, 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(c(1, NA, 2, 3), 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(c(1, -1, 2, 3), 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(c(1, 0.5, 2, 3), 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix("a", 2, 2))), "'x' must be a square table"),
  list(quote(as_confusion_matrix(matrix(0, 2, 2))), "'x' must count at least one case"),
  list(quote(as_confusion_matrix(matrix(1, 1, 1))), "at least two classes"),
  list(quote(as_confusion_matrix(matrix(1, 2, 2, dimnames = list(c("a", "b"), c("b", "a"))))), "same classes, in the same order"),
  # roc_curve()
  list(quote(roc_curve(NULL, NULL)), "'truth' must be .* not NULL"),
  list(quote(roc_curve(c(TRUE, FALSE), 1)), "'truth' and 'score' must have the same length"),
  list(quote(roc_curve(c(TRUE, FALSE), c("1", "2"))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), list(1, 2))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), c(TRUE, FALSE))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), matrix(1:2, 1))), "'score' must be a numeric vector"),
  list(quote(roc_curve(c(TRUE, FALSE), c(NaN, 1))), "'score' must not hold NaN"),
  list(quote(roc_curve(c(TRUE, FALSE), c(1, -Inf))), "'score' must hold finite numbers"),
  list(quote(roc_curve(c(TRUE, TRUE), c(1, 2))), "needs two classes in 'truth'"),
  list(quote(roc_curve(c(NA, NA), c(1, 2))), "needs two classes in 'truth'"),
  list(quote(roc_curve(c(TRUE, FALSE), c(NA, 2))), "at least one positive and one negative case"),
  list(quote(roc_curve(c("a", "b", "c"), 1:3)), "exactly two classes in 'truth', not 3"),
  list(quote(roc_curve(c("a", "b"), 1:2, positive = "z")), "'positive' must be one of the classes"),
  list(quote(roc_curve(c("a", "b"), 1:2, positive = 1:2)), "'positive' must be one of the classes"),
  list(quote(roc_curve(c(0.5, 1), 1:2)), "'truth' must hold classes"),
  list(quote(roc_curve(list(1, 2), 1:2)), "'truth' must be a factor"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2, positive = "b"))), "'threshold' must be a single number"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2, positive = "b"), threshold = NA)), "'threshold' must be a single number"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2, positive = "b"), threshold = 1:2)), "'threshold' must be a single number"),
  list(quote(as_confusion_matrix(roc_curve(c("a", "b"), 1:2, positive = "b"), threshold = 1, prevalence = 3)), "'prevalence'"),
  # rule_list()
  list(quote(rule_list()), "'.default' is missing"),
  list(quote(rule_list(yeux > 1 ~ "A")), "'.default' is missing"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = NULL)), "'.default' must be one class"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = c("A", "B"))), "'.default' must be one class"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = NA)), "'.default' must be one class"),
  list(quote(rule_list("yeux > 1", .default = "B")), "argument 1 must be a formula"),
  list(quote(rule_list(yeux > 1, .default = "B")), "argument 1 must be a formula"),
  list(quote(rule_list(~ "A", .default = "B")), "rule 1 has no condition"),
  list(quote(rule_list(log(yeux) > 1 ~ "A", .default = "B")), "rule 1 .*log\\(yeux\\)"),
  list(quote(rule_list(yeux > nez ~ "A", .default = "B")), "rule 1 .*compares two columns"),
  list(quote(rule_list(1 > 2 ~ "A", .default = "B")), "rule 1 .*two constants"),
  list(quote(rule_list(yeux > c(1, 2) ~ "A", .default = "B")), "rule 1 .*%in%"),
  list(quote(rule_list(yeux %in% c() ~ "A", .default = "B")), "rule 1 .*empty"),
  list(quote(rule_list(yeux %in% c(1, "a") ~ "A", .default = "B")), "rule 1 .*mixes types"),
  list(quote(rule_list(yeux == NA ~ "A", .default = "B")), "rule 1 .*is.na"),
  list(quote(rule_list(yeux > 1 && visages > 1 ~ "A", .default = "B")), "rule 1 .*&"),
  list(quote(rule_list(TRUE ~ "A", .default = "B", .oops = 1)), "unknown argument '.oops'"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = "B", .levels = "A")), "'.levels'"),
  list(quote(rule_list(yeux > 1 ~ "A", .default = "B", .response = 3)), "'.response'"),
  # predict() for rule lists
  list(quote(predict(slides, NULL)), "'newdata' must be a data frame, not NULL"),
  list(quote(predict(slides, list(yeux = 1, visages = 1))), "'newdata' must be a data frame, not a list"),
  list(quote(predict(slides, as.matrix(train[2:5]))), "'newdata' must be a data frame"),
  list(quote(predict(slides, data.frame(yeux = 1))), "column 'visages'.* missing from 'newdata'"),
  list(quote(predict(slides, data.frame(yeux = "deux", visages = 1))), "column 'yeux' \\(character\\)"),
  list(quote(predict(slides, data.frame(yeux = 1, visages = I(list(1))))), "column 'visages'"),
  list(quote(predict(slides, train, type = "nope")), "'type' must be one of"),
  list(quote(predict(slides, train, type = "prob")), "needs the rows each rule covered"),
  list(quote(predict(slides, train, na = "maybe")), "'na' must be one of"),
  # summary(), as_sql(), as_rule_list()
  list(quote(summary(slides)), "'data' is missing"),
  list(quote(summary(slides, data.frame(yeux = 1, visages = 2))), "column 'classe'"),
  list(quote(summary(slides, "train")), "'data' must be a data frame"),
  list(quote(as_sql(NULL)), "'model' must be a rule list"),
  list(quote(as_sql(train)), "'model' must be a rule list"),
  list(quote(as_rule_list(3)), "'x' must be a data frame of rules or a rule list"),
  list(quote(as_rule_list(data.frame(a = 1))), "'x' must be a data frame with the columns 'condition' and 'class'"),
  # learn_rules()
  list(quote(learn_rules(painting_formula, NULL)), "'data' must be a data frame, not NULL"),
  list(quote(learn_rules(painting_formula, as.matrix(train))), "'data' must be a data frame"),
  list(quote(learn_rules(painting_formula, train[0, ])), "'data' has no rows"),
  list(quote(learn_rules(painting_formula, train[1, ])), "'data' must hold at least 2 rows"),
  list(quote(learn_rules("classe ~ yeux", train)), "'formula' must be a formula"),
  list(quote(learn_rules(classe ~ inconnu, train)), "'formula' names column 'inconnu'"),
  list(quote(learn_rules(inconnu ~ yeux, train)), "'formula' names column 'inconnu'"),
  list(quote(learn_rules(yeux ~ visages, train)), "the response 'yeux' .* must hold classes"),
  list(quote(learn_rules(painting_formula, transform(train, classe = factor("A")))), "single class"),
  list(quote(learn_rules(painting_formula, transform(train, classe = NA))), "'data' must hold at least 2 rows with a known class|single class|no class"),
  list(quote(learn_rules(painting_formula, train, method = "tree")), "'method' must be one of \"covering\", \"oner\", not \"tree\""),
  list(quote(learn_rules(painting_formula, train, min_bucket = 0)), "'min_bucket'"),
  list(quote(learn_rules(painting_formula, train, min_bucket = "a")), "'min_bucket'"),
  list(quote(learn_rules(painting_formula, train, prune_share = 1)), "'prune_share'"),
  list(quote(learn_rules(painting_formula, train, max_rules = -1)), "'max_rules'"),
  list(quote(learn_rules(painting_formula, train, max_rules = NA)), "'max_rules'"),
  list(quote(learn_rules(painting_formula, train, prune_share = "a")), "'prune_share'"),
  # k_means()
  list(quote(k_means(NULL, 2)), "'x' must be a numeric matrix or a data frame"),
  list(quote(k_means(list(1, 2), 2)), "'x' must be a numeric matrix or a data frame"),
  list(quote(k_means("a", 2)), "'x' must be a numeric matrix or a data frame"),
  list(quote(k_means(descripteurs, 3)), "'x' has column \"id\", which identifies the rows"),
  list(quote(k_means(matrix(numeric(0), 0, 2), 2)), "'x' must have at least one row"),
  list(quote(k_means(matrix(numeric(0), 5, 0), 2)), "'x' must have at least one column"),
  list(quote(k_means(rbind(points, NA), 2)), "'x' must hold finite numbers"),
  list(quote(k_means(rbind(points, NaN), 2)), "'x' must hold finite numbers"),
  list(quote(k_means(rbind(points, Inf), 2)), "'x' must hold finite numbers"),
  list(quote(k_means(points)), "'k', the number of groups, is missing"),
  list(quote(k_means(points, 0)), "'k' must be a whole number between 1 and"),
  list(quote(k_means(points, -1)), "'k' must be a whole number between 1 and"),
  list(quote(k_means(points, 16)), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\)"),
  list(quote(k_means(points, 2.5)), "'k' must be a whole number"),
  list(quote(k_means(points, NA)), "'k'"),
  list(quote(k_means(points, "3")), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\), not \"3\""),
  list(quote(k_means(points, c(2, 3))), "'k'"),
  list(quote(k_means(points, 1e12)), "'k' must be a whole number between 1 and"),
  list(quote(k_means(points, points[c(1, 1, 2), ])), "'k' holds duplicated initial centres"),
  list(quote(k_means(points, matrix(1:3, 3, 1))), "'k', a matrix of initial centres, must have one column per column of 'x'"),
  list(quote(k_means(points, points[1:2, ], nstart = 5)), "'nstart' must be 1"),
  list(quote(k_means(points, 2, nstart = 0)), "'nstart'"),
  list(quote(k_means(points, 2, iter_max = 0)), "'iter_max'"),
  list(quote(k_means(points, 2, iter_max = "many")), "'iter_max'"),
  list(quote(k_means(points, 2, threads = 0)), "'threads'"),
  list(quote(k_means(points, 2, threads = 1.5)), "'threads'"),
  list(quote(k_means(points, 2, tol = -1)), "'tol' must be a single number >= 0"),
  list(quote(k_means(points, 2, init = "middle")), "'init' must be one of"),
  list(quote(k_means(points, 2, algorithm = "fast")), "'algorithm' must be one of"),
  list(quote(k_means(points, 2, weights = rep(-1, 15))), "'weights' must be finite and non-negative"),
  list(quote(k_means(points, 2, weights = rep(0, 15))), "'weights' must not all be zero"),
  list(quote(k_means(points, 2, weights = 1:3)), "'weights' must be a numeric vector with one weight per row"),
  list(quote(k_means(points, 2, weights = rep(NA, 15))), "'weights'"),
  list(quote(k_means(points, 2, standardize = NA)), "'standardize' must be TRUE or FALSE"),
  list(quote(k_means(points, 2, trace = "yes")), "'trace' must be TRUE or FALSE"),
  list(quote(k_means(matrix(1, 10, 2), 2)), "'x' is constant"),
  list(quote(k_means(cbind(points, 1), 2, standardize = TRUE)), "column .* of 'x' is constant"),
  # predict(), plot() for k-means fits
  list(quote(predict(fit, NULL)), "'newdata'"),
  list(quote(predict(fit, data.frame(a = 1, b = 2))), "'newdata' must have the columns the groups were made with"),
  list(quote(predict(fit, data.frame(d1 = NA, d2 = 0.5))), "'newdata' must hold finite numbers"),
  list(quote(predict(fit, data.frame(d1 = "a", d2 = 0.5))), "'newdata' must have numeric columns only"),
  list(quote(predict(fit, points, type = "centres")), "'type' must be one of"),
  list(quote(plot(structure(c(unclass(fit)[names(fit) != "plot_data"]), class = class(fit)))), "'data' is needed"),
  # silhouette_score(), wss_curve()
  list(quote(silhouette_score(NULL, 1:3)), "'x' must be a numeric matrix or a data frame"),
  list(quote(silhouette_score(points, 1:3)), "'cluster' must be a k-means fit or a vector with one group per row"),
  list(quote(silhouette_score(points, c(NA, rep(1:2, 7)))), "'cluster' must not hold missing values"),
  list(quote(silhouette_score(points, list(1))), "'cluster'"),
  list(quote(wss_curve(NULL)), "'x' must be a numeric matrix or a data frame"),
  list(quote(wss_curve(points, k = 0:3)), "'k' must hold distinct whole numbers between 1 and nrow\\(x\\)"),
  list(quote(wss_curve(points, k = c(2, 2))), "'k' must hold distinct whole numbers"),
  list(quote(wss_curve(points, k = c(1, 2, 40))), "nrow\\(x\\) \\(15\\), not 1, 2, 40$"),
  # kinds of input, everywhere numbers are read: classed numbers by their class
  list(quote(k_means(data.frame(d = Sys.Date() + 1:15, e = 1:15), 2)), "column 'd' of 'x' is of class Date \\(dates or times\\), not plain numbers"),
  list(quote(k_means(data.frame(t = as.POSIXct("2024-01-01", tz = "UTC") + 1:15), 2)), "column 't' of 'x' is of class POSIXct/POSIXt \\(dates or times\\), not plain numbers"),
  list(quote(k_means(data.frame(t = as.difftime(1:15, units = "days")), 2)), "column 't' of 'x' is of class difftime \\(durations\\), not plain numbers: .*units = \"days\""),
  list(quote(k_means(Sys.Date() + 1:15, 2)), "'x' is of class Date \\(dates or times\\), not plain numbers"),
  list(quote(k_means(points, 3, weights = as.difftime(rep(1, 15), units = "days"))), "'weights' is of class difftime \\(durations\\), not plain numbers"),
  list(quote(predict(fit, data.frame(d1 = Sys.Date(), d2 = 1))), "column 'd1' of 'newdata' is of class Date \\(dates or times\\), not plain numbers"),
  list(quote(silhouette_score(data.frame(d = Sys.Date() + 1:15), rep(1:3, 5))), "column 'd' of 'x' is of class Date"),
  list(quote(roc_curve(c(TRUE, FALSE), Sys.Date() + 1:2)), "'score' is of class Date \\(dates or times\\), not plain numbers"),
  list(quote(roc_curve(c(TRUE, FALSE), as.difftime(1:2, units = "mins"))), "'score' is of class difftime \\(durations\\), not plain numbers"),
  list(quote(roc_curve(c(TRUE, FALSE), structure(1:2, class = "units"))), "'score' is of class units, not plain numbers"),
  list(quote(predict(slides, data.frame(yeux = Sys.Date(), visages = 1))), "column 'yeux' of 'newdata' is of class Date \\(dates or times\\), not plain numbers"),
  # numbers written with a decimal comma (a French CSV read with read.csv())
  list(quote(k_means(data.frame(d1 = c("0,26", "0,5", "0,9")), 2)), "column 'd1' of 'x' holds numbers written with a decimal comma \\(\"0,26\"\\).*read.csv2\\(\\)"),
  list(quote(k_means(data.frame(d1 = factor(c("0,26", "0,5", "1")), d2 = 1:3), 2)), "column 'd1' of 'x' holds numbers written with a decimal comma"),
  list(quote(predict(fit, data.frame(d1 = "0,5", d2 = "0,3"))), "column 'd1' of 'newdata' holds numbers written with a decimal comma.*dec = \",\""),
  list(quote(roc_curve(c(TRUE, FALSE), c("0,5", "0,7"))), "'score' holds numbers written with a decimal comma"),
  list(quote(predict(slides, data.frame(yeux = c("1,5", "2,0"), visages = 1))), "column 'yeux' of 'newdata' holds numbers written with a decimal comma"),
  list(quote(learn_rules(classe ~ d1, data.frame(classe = rep(c("a", "b"), 5), d1 = rep(c("0,26", "0,9"), 5)))), "column 'd1' of 'data' holds numbers written with a decimal comma"),
  # numbers held as a factor (mlbench's BreastCancer) or as text: how to
  # convert them, since as.numeric() of a factor gives the codes of its levels
  list(quote(k_means(data.frame(d = factor(c("5", "10", "20", "10"))), 2)), "column \"d\" is a factor whose levels are numbers: convert it with as.numeric\\(as.character\\(x\\)\\)"),
  list(quote(silhouette_score(data.frame(d = factor(c(5, 10, 20, 10))), 1:4 %% 2)), "column \"d\" is a factor whose levels are numbers"),
  list(quote(predict(fit, data.frame(d1 = "0.5", d2 = "0.3"))), "column \"d1\" holds numbers stored as text: convert it with as.numeric\\(x\\)"),
  list(quote(k_means(data.frame(d = factor(c("a", "10"))), 1)), "column \"d\" is a factor$"),
  # text that is not valid UTF-8 (a Latin-1 file read as UTF-8)
  list(quote(confusion_matrix(c("caf\xe9", "a"), c("a", "a"))), "'truth' holds text that is not valid UTF-8 \\(value 1, \"caf<e9>\"\\).*fileEncoding = \"latin1\""),
  list(quote(roc_curve(c("caf\xe9", "a"), 1:2)), "'truth' holds text that is not valid UTF-8"),
  list(quote(k_means(points, 3, init = "caf\xe9")), "'init' holds text that is not valid UTF-8"),
  list(quote(k_means(points, 3, algorithm = "caf\xe9")), "'algorithm' holds text that is not valid UTF-8"),
  list(quote(predict(fit, points, type = "caf\xe9")), "'type' holds text that is not valid UTF-8"),
  list(quote(predict(rule_list(nom == "a" ~ "A", .default = "B"), data.frame(nom = "caf\xe9"))), "column 'nom' of 'newdata' holds text that is not valid UTF-8"),
  list(quote(learn_rules(classe ~ x, data.frame(classe = rep(c("a", "b"), 5), x = rep(c("caf\xe9", "b"), 5)))), "column 'x' of 'data' holds text that is not valid UTF-8"),
  list(quote(plot(fit, newdata = points[1:2, ], labels = c("caf\xe9", "b"))), "'labels' holds text that is not valid UTF-8"),
  # numeric settings of k_means(): clear errors, never an internal one
  list(quote(k_means(points, 3, tol = NA)), "'tol' must be a single number >= 0, not NA"),
  list(quote(k_means(points, 3, tol = "a")), "'tol' must be a single number >= 0"),
  list(quote(k_means(points, 3, tol = c(0, 1))), "'tol' must be a single number >= 0"),
  list(quote(k_means(points, 3, iter_max = 1e10)), "'iter_max' must be a whole number >= 1"),
  list(quote(k_means(points, 3, iter_max = 0.5)), "'iter_max' must be a whole number >= 1"),
  list(quote(k_means(points, 3, nstart = Inf)), "'nstart' must be a whole number >= 1"),
  list(quote(k_means(points, 3, threads = 0)), "'threads' must be a whole number between 1 and 1024"),
  list(quote(k_means(points, 3, threads = NA)), "'threads'"),
  list(quote(k_means(points, k = 3, centers = 3)), "as 'k' or as its alias 'centers', not both"),
  list(quote(k_means(points, centers = 40)), "'k' must be a whole number between 1 and nrow\\(x\\) \\(15\\), not 40"),
  # graphics parameters passed through to base graphics
  list(quote(plot(fit, lty = 1e10)), "'lty' must be a line type"),
  list(quote(plot(fit, lty = 2^31)), "'lty' must be a line type"),
  list(quote(plot(fit, lty = 1e300)), "'lty' must be a line type"),
  list(quote(plot(fit, lty = "zigzag")), "'lty' must be a line type"),
  list(quote(plot(fit, lwd = -1)), "'lwd' must be positive numbers"),
  list(quote(plot(fit, lwd = Inf)), "'lwd' must be positive numbers"),
  list(quote(plot(fit, cex = NA)), "'cex' must be positive numbers"),
  list(quote(plot(fit, col = "nocolour")), "'col' must be colours"),
  list(quote(plot(fit, col = -1)), "'col' must be colours"),
  list(quote(plot(fit, pch = 1e10)), "'pch' must be plotting symbols"),
  list(quote(plot(fit, main = sum)), "'main' must be a title"),
  list(quote(plot(fit, xlim = c(NA, 1))), "'xlim' must be two finite numbers"),
  list(quote(plot(fit, legend = NA)), "'legend' must be TRUE or FALSE"),
  list(quote(plot(fit, grid = 1e6)), "'grid' must be a whole number between 10 and 2000"),
  list(quote(plot(fit, newdata = points[0, ])), "'newdata' must have at least one row \\(or be NULL\\)"),
  list(quote(plot(fit, points[0, ])), "'data' must have at least one row"),
  list(quote(plot(fit, newdata = points[1:2, ], labels = list(1, 2))), "'labels' must have one label per row of 'newdata' \\(2\\), not a list"),
  list(quote(plot(fit, newdata = points[1:2, ], labels = 1:3)), "'labels' must have one label per row of 'newdata' \\(2\\), not 3 values"),
  list(quote(plot(fit, newdata = points[1:2, ], newdata_label = 1:2)), "'newdata_label' must be a single string"),
  list(quote(plot(wss_curve(points, 1:3), lty = 1e10)), "'lty' must be a line type"),
  list(quote(plot(wss_curve(points, 1:3), main = sum)), "'main' must be a title"),
  list(quote(plot(wss_curve(points, 1:3), col = "nope")), "'col' must be colours")
)

test_that("every bad input gives a clear error naming what is wrong", {
  expect_gte(length(bad_cases), 150)
  for (case in bad_cases) {
    expr <- case[[1]]
    err <- tryCatch({
      suppressWarnings(eval(expr))
      NULL
    }, error = function(e) e)
    label <- paste(deparse(expr, width.cutoff = 500L), collapse = " ")
    expect(inherits(err, "error"), sprintf("no error for %s", label))
    if (inherits(err, "error")) {
      message <- conditionMessage(err)
      expect(grepl(case[[2]], message),
             sprintf("%s\n  gave: %s\n  expected: %s", label, message, case[[2]]))
      expect(!grepl(leaks, message),
             sprintf("%s\n  leaks an internal detail: %s", label, message))
    }
  }
})

test_that("64-bit integers are read as numbers when exact, refused otherwise", {
  skip_if_not_installed("bit64")
  as64 <- bit64::as.integer64
  # predict(): 100 and 1 go to the centres near them, as doubles would
  one_d <- k_means(data.frame(a = c(1, 2, 100, 101)), matrix(c(1, 100)))
  expect_identical(unname(predict(one_d, data.frame(a = as64(c(100, 1))))), c(2L, 1L))
  expect_identical(unname(predict(one_d, as64(100))), 2L)   # one row as a vector
  # k_means(), roc_curve(), rules and learn_rules() read them as doubles
  expect_identical(k_means(data.frame(a = as64(c(1, 2, 100, 101))), matrix(c(1, 100)))$cluster,
                   one_d$cluster)
  expect_identical(roc_curve(c(0, 1, 0, 1), as64(1:4))$auc, roc_curve(c(0, 1, 0, 1), 1:4)$auc)
  rows <- data.frame(yeux = as64(c(1, 3, 0)), visages = as64(c(0, 2, 0)))
  expect_identical(predict(slides, rows), predict(slides, data.frame(yeux = c(1, 3, 0), visages = c(0, 2, 0))))
  painted <- transform(train, yeux = as64(yeux), visages = as64(visages))
  set.seed(1)
  learned <- learn_rules(classe ~ yeux + visages, painted)
  set.seed(1)
  expect_identical(predict(learned, train), predict(learn_rules(classe ~ yeux + visages, train), train))
  # beyond 2^53 a double cannot hold them exactly: refused, naming the value
  expect_error(k_means(data.frame(a = as64(c("9007199254740993", "1", "2"))), 2),
               "column 'a' of 'x' holds 64-bit integers too large to be read exactly as numbers .* value 1 is 9007199254740993")
  expect_error(roc_curve(c(0, 1), as64(c("1", "-9007199254740993"))),
               "'score' holds 64-bit integers too large")
})

test_that("declared encodings are translated to UTF-8", {
  latin1 <- iconv(c("Paysage", "Nature morte \u00e9crite"), "UTF-8", "latin1")
  expect_identical(Encoding(latin1)[2], "latin1")
  utf8 <- enc2utf8(latin1)
  cm <- confusion_matrix(latin1, rev(latin1))
  expect_identical(colnames(cm$table), utf8)   # order of first appearance
  bytes <- utf8
  Encoding(bytes) <- "bytes"
  expect_identical(levels(sdsante:::as_classes(bytes, "truth", NULL)), sort(utf8, method = "radix"))
  rules <- rule_list(nom == "Nature morte \u00e9crite" ~ "A", .default = "B")
  expect_identical(as.character(predict(rules, data.frame(nom = latin1))), c("B", "A"))
  expect_identical(as.character(predict(rules, data.frame(nom = bytes))), c("B", "A"))
})

test_that("messages about kinds of input are in French in a French session", {
  skip_without_french()
  in_french({
    expect_error(k_means(data.frame(d1 = c("0,26", "0,5", "0,9")), 2), "virgule d\u00e9cimale.*read.csv2\\(\\)")
    expect_error(roc_curve(c(TRUE, FALSE), Sys.Date() + 1:2), "'score' est de classe Date \\(des dates ou des heures\\), et non de simples nombres")
    expect_error(confusion_matrix(c("caf\xe9", "a"), c("a", "a")), "UTF-8.*fileEncoding")
    expect_error(plot(fit, lty = 1e10), "'lty' doit \u00eatre un type de trait")
    expect_error(k_means(points, k = 3, centers = 3), "'centers'")
    expect_error(k_means(data.frame(d = factor(c(5, 10, 20))), 2),
                 "facteur dont les niveaux sont des nombres.*as.numeric\\(as.character\\(x\\)\\)")
  })
})

test_that("documented results for edge inputs that are not errors", {
  # zero rows to predict: a zero-length factor with the model's classes
  p <- predict(slides, train[0, ])
  expect_length(p, 0)
  expect_identical(levels(p), c("Portrait", "Personnages", "Paysage"))
  # a single row
  expect_identical(as.character(predict(slides, train[1, ])), "Portrait")
  # NA everywhere in a column: the rule does not fire, the row falls through
  na_rows <- transform(train[1:2, ], yeux = NA_integer_)
  expect_warning(p <- predict(slides, na_rows), "2 rows had a missing value")
  expect_identical(as.character(p), c("Paysage", "Personnages"))
  # a constant column is never used by a learned rule
  constant <- transform(train, nez = 3L)
  set.seed(1)
  learned <- learn_rules(classe ~ yeux + nez + visages, constant)
  expect_false(any(grepl("nez", as.data.frame(learned)$condition)))
  # duplicated rows and one class per pair are fine for confusion matrices
  cm <- confusion_matrix(rep("a", 3), rep("b", 3), levels = c("a", "b"))
  expect_equal(sum(cm$table), 3)
  # NaN in classes counts as a missing value, as NA does
  expect_equal(confusion_matrix(c(NaN, 1, 2), c(1, 1, 2), positive = 2)$n_missing, 1)
  # max_rules = 0: only the default class
  learned <- learn_rules(painting_formula, train, max_rules = 0)
  expect_length(unique(predict(learned, train)), 1)
  # a table with an empty class keeps it, with NA statistics
  s <- summary(confusion_matrix(factor("a", levels = c("a", "b")), factor("a", levels = c("a", "b"))))
  expect_true(is.na(s$by_class$sensitivity[2]))
})

test_that("k-means reads only the columns of the fit: other columns may be of any kind", {
  # a patient file has dates of visit, identifiers, notes: predict(), plot()
  # and silhouette_score() of a standardized fit do not read them
  extra <- data.frame(points, quand = Sys.Date() + seq_len(nrow(points)), note = "1,5",
                      texte = "caf\xe9")
  expect_identical(predict(fit, extra), predict(fit, points))
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_invisible(plot(fit, extra, newdata = extra[1:2, ]))
  set.seed(1)
  standard <- k_means(points, 3, standardize = TRUE)
  expect_identical(silhouette_score(extra, standard), silhouette_score(points, standard))
  # the columns of the fit are still checked
  wrong <- transform(extra, d1 = Sys.Date())
  expect_error(predict(fit, wrong), "column 'd1' of 'newdata' is of class Date")
  # without the fit's standardization, the silhouette uses every column of x
  expect_error(silhouette_score(extra, fit), "column 'quand' of 'x' is of class Date")
})
