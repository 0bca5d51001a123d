# k-means print-outs and pictures: aligned and translated labels, wide fits,
# plot(fit) from the rows kept in the fit, labels that hide nothing, the
# legend, the regions, and the centers alias of k.

train <- descripteurs[descripteurs$ensemble == "apprentissage", ]
test <- descripteurs[descripteurs$ensemble == "test", ]
train_x <- train[, c("d1", "d2")]
set.seed(2024)
fit <- k_means(train_x, k = 3, nstart = 10)

test_that("centers is an alias of k, as in stats::kmeans", {
  set.seed(1); by_k <- k_means(train_x, k = 3)
  set.seed(1); by_centers <- k_means(train_x, centers = 3)
  expect_identical(by_centers, by_k)
  start <- as.matrix(train_x[c(1, 3, 5), ])
  expect_identical(k_means(train_x, centers = start)$cluster, k_means(train_x, start)$cluster)
  expect_error(k_means(train_x, 3, centers = 3), "not both")
})

test_that("the print-out aligns the decimal points of the centres", {
  out <- capture.output(print(fit))
  rows <- grep("^Group", out, value = TRUE)
  expect_length(rows, 3)
  # the position of the decimal point of each centre column is the same on every row
  points_at <- lapply(gregexpr("\\.", rows), as.integer)
  expect_true(all(vapply(points_at, identical, NA, points_at[[1]])))
  expect_length(points_at[[1]], 2)
})

test_that("wide fits print at once: the first columns, and how many more", {
  set.seed(1)
  wide <- k_means(matrix(rnorm(6e5), 2), 2)
  out <- capture.output(print(wide))
  expect_match(out, "\\.\\.\\. and [0-9 ]+ more columns \\(all the centres are in \\$centers\\)", all = FALSE)
  expect_lt(length(out), 40)
  expect_null(wide$plot_data)   # a row of 100,000 values: no copy kept for plot()
  expect_error(plot(wide), "'data' is needed")
})

test_that("print-outs speak French in a French session; names do not change", {
  skip_without_french()
  s <- summary(fit)
  curve <- wss_curve(train_x, 1:3, nstart = 2)
  in_french({
    out <- capture.output(print(fit))
    expect_match(out, "^k-means\u00a0: 3 groupes de 15 lignes", all = FALSE)
    expect_match(out, "effectif", all = FALSE)
    expect_match(out, "^Groupe 1", all = FALSE)
    expect_match(out, "Somme des carr\u00e9s inter-groupes\u00a0: [0-9.]+\u00a0% du total", all = FALSE)
    out <- capture.output(print(s))
    expect_match(out, "groupe +effectif +somme des carr\u00e9s intra-groupes +distance quadratique moyenne", all = FALSE)
    expect_match(capture.output(print(curve)), "% expliqu\u00e9", all = FALSE)
    wide_curve <- capture.output(print(wss_curve(train_x * 1e300, 1:2)))
    expect_match(wide_curve, "unit\u00e9s de 2\\^", all = FALSE)
    expect_error(wss_curve(train_x, k = c(1, 2, 40)), "et non 1, 2, 40$")
  })
  expect_named(s$groups, c("group", "size", "withinss", "mean_sq_distance"))
  expect_named(as.data.frame(curve), c("k", "tot.withinss", "between_share"))
})

test_that("plot(fit) draws the rows kept in the fit", {
  expect_identical(fit$plot_data$x, as.matrix(train_x))
  expect_null(fit$plot_data$rows)
  # many rows: every m-th row, at most 200,000 values
  set.seed(1)
  x <- matrix(rnorm(3e5), ncol = 2)
  big <- k_means(x, 2, tol = 1e-3)
  expect_lte(length(big$plot_data$x), 2e5)
  expect_gt(length(big$plot_data$x), 1.9e5)
  expect_true(all(diff(big$plot_data$rows) > 0))
  expect_identical(big$plot_data$x, x[big$plot_data$rows, ])
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_invisible(plot(fit))
  expect_invisible(plot(fit, newdata = test, labels = test$id, newdata_label = "Test paintings"))
  expect_invisible(plot(big))
})

# Everything the k-means plot of the unsupervised vignette draws, with the
# places of the labels, in inches (the unit in which marks are round).
vignette_plot_marks <- function(fit, newdata) {
  grDevices::pdf(NULL, width = 7, height = 5)
  on.exit(grDevices::dev.off())
  labels <- rownames(newdata)
  plot(fit, newdata = newdata)
  nd <- as.matrix(newdata[c("d1", "d2")])
  marks <- rbind(cbind(as.matrix(train_x), 1.2), cbind(fit$centers, 3), cbind(nd, 2))
  at <- sdsante:::kmeans_label_places(nd, labels, marks, cex = 0.85)
  usr <- graphics::par("usr"); pin <- graphics::par("pin")
  inch <- function(p) cbind((p[, 1] - usr[1]) / diff(usr[1:2]) * pin[1],
                            (p[, 2] - usr[3]) / diff(usr[3:4]) * pin[2])
  half <- 0.5 * 0.75 * graphics::par("cin")[2]
  list(marks = cbind(inch(marks[, 1:2]), half * marks[, 3]), labels = inch(at),
       width = graphics::strwidth(labels, "inches", cex = 0.85, font = 2) / 2,
       height = graphics::strheight("0", "inches", cex = 0.85, font = 2) / 2, pin = pin)
}

test_that("no label of a new row is drawn under a mark or another label", {
  placed <- vignette_plot_marks(fit, test)
  for (i in seq_len(nrow(placed$labels))) {
    p <- placed$labels[i, ]
    # clear of every symbol (its half size) and of every other label
    gap_x <- abs(placed$marks[, 1] - p[1]) - placed$marks[, 3] - placed$width[i]
    gap_y <- abs(placed$marks[, 2] - p[2]) - placed$marks[, 3] - placed$height
    expect_true(all(gap_x > 0 | gap_y > 0))
    others <- placed$labels[-i, , drop = FALSE]
    expect_true(all(abs(others[, 1] - p[1]) > placed$width[-i] + placed$width[i] |
                      abs(others[, 2] - p[2]) > 2 * placed$height))
    expect_true(p[1] > 0 && p[1] < placed$pin[1] && p[2] > 0 && p[2] < placed$pin[2])
  }
  # the test painting 21 sits just below the box of centre 1: its label is not above
  i21 <- which(test$id == "021")
  expect_lt(placed$labels[i21, 2], placed$marks[15 + 3 + i21, 2])
})

test_that("the legend counts the rows drawn and names the new rows", {
  own <- sdsante:::kmeans_plot_groups(fit, NULL)
  expect_identical(own$counts, fit$size)
  expect_identical(own$group, unname(fit$cluster))
  other <- sdsante:::kmeans_plot_groups(fit, as.matrix(test[c("d1", "d2")]))
  expect_identical(other$counts, tabulate(predict(fit, test), 3))
  expect_identical(sdsante:::kmeans_legend_entries(fit, other$counts, "Test paintings", FALSE),
                   c(sprintf("Group %d (%d)", 1:3, other$counts), "Centre", "Test paintings"))
  expect_identical(sdsante:::kmeans_legend_entries(fit, fit$size, NULL, FALSE)[4], "Centre")
  skip_without_french()
  in_french(expect_identical(
    sdsante:::kmeans_legend_entries(fit, fit$size, gettext("New observations", domain = "R-sdsante"), FALSE),
    c(sprintf("Groupe %d (%d)", 1:3, fit$size), "Centre", "Nouvelles observations")))
})

test_that("the regions cover the whole plotting region, borders included", {
  usr <- c(-0.3, 1.27, -0.04, 1.1)
  grid <- sdsante:::kmeans_region_grid(usr, 2L, 50)
  expect_identical(range(grid$x), usr[1:2])
  expect_identical(range(grid$y), usr[3:4])
  expect_equal(nrow(grid$middles), 50 * 50)
  one_d <- sdsante:::kmeans_region_grid(usr, 1L, 50)
  expect_identical(range(one_d$x), usr[1:2])
  expect_identical(one_d$y, usr[3:4])
})

test_that("plots at extreme scales: the regions' edges and the principal plane are those of scale 1", {
  start <- as.matrix(train_x[c(1, 3, 5), ])
  at_one <- k_means(train_x, start)
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  usr <- c(-0.05, 1.05, -0.05, 1.05)
  edges <- sdsante:::kmeans_voronoi_edges(at_one, usr, 2L)
  expect_gt(nrow(edges), 0)
  for (scale in c(2^1000, 2^-1000)) {
    fit <- k_means(train_x * scale, start * scale)
    expect_equal(sdsante:::kmeans_voronoi_edges(fit, usr * scale, 2L) / scale, edges)
    expect_invisible(plot(fit, newdata = test[c("d1", "d2")] * scale, labels = test$id))
  }
  # more than two variables: the shares of the variance and the coordinates
  # of prcomp() at scale 1, never NaN
  iris_x <- as.matrix(iris[, 1:4])
  iris_start <- iris_x[c(1, 51, 101), ]
  plain <- k_means(iris_x, iris_start)
  reference <- stats::prcomp(iris_x)
  plane <- sdsante:::kmeans_principal_plane(plain, iris_x, NULL)
  expect_equal(plane$share, (100 * reference$sdev^2 / sum(reference$sdev^2))[1:2])
  expect_equal(abs(unname(plane$xy)), abs(unname(reference$x[, 1:2])))
  for (scale in c(1e300, 1e-300)) {
    fit <- k_means(iris_x * scale, iris_start * scale)
    scaled <- sdsante:::kmeans_principal_plane(fit, iris_x * scale, iris_x[1:2, ] * scale)
    expect_equal(scaled$share, plane$share)
    expect_equal(scaled$xy / scale, plane$xy)
    expect_equal(scaled$centres / scale, plane$centres)
    expect_true(all(is.finite(scaled$new)))
  }
  # standardized fits: the plane of the standardized variables, even when
  # the rows drawn have a constant column
  standard <- k_means(iris_x, iris_start, standardize = TRUE)
  same_rows <- sdsante:::kmeans_principal_plane(standard, iris_x, NULL)
  expect_equal(same_rows$share, (100 * stats::prcomp(iris_x, scale. = TRUE)$sdev^2 / 4)[1:2])
  constant_column <- iris_x[1:5, ]
  constant_column[, 1] <- 5
  expect_invisible(plot(standard, constant_column))
  # a single row drawn: a point, not an error
  one <- sdsante:::kmeans_principal_plane(plain, iris_x[1, , drop = FALSE], NULL)
  expect_identical(dim(one$xy), c(1L, 2L))
  expect_identical(one$share, c(0, 0))
  expect_invisible(plot(plain, iris_x[1, , drop = FALSE]))
})

test_that("labels without newdata are an error, not ignored", {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_error(plot(fit, labels = train$id), "'labels' labels the rows of 'newdata', which is not given")
  expect_error(plot(fit, newdata_label = "Test paintings"), "'newdata_label' labels the rows of 'newdata'")
  skip_without_french()
  in_french(expect_error(plot(fit, labels = train$id), "'labels' \u00e9tiquette les lignes de 'newdata'"))
})

test_that("the elbow curve takes ylim, and names the unit of sums on an internal scale", {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  curve <- wss_curve(train_x, 1:4, nstart = 2)
  expect_invisible(plot(curve, ylim = c(0, 10)))
  expect_equal(graphics::par("usr")[3:4], c(0, 10) + c(-0.4, 0.4))
  huge <- wss_curve(train_x * 1e200, 1:3, nstart = 2)
  expect_invisible(plot(huge))
  expect_identical(sdsante:::wss_curve_ylab(curve$log2_unit), "Within-group sum of squares")
  expect_identical(sdsante:::wss_curve_ylab(huge$log2_unit),
                   sprintf("Within-group sum of squares (units of 2^%d)", huge$log2_unit))
  expect_gt(huge$log2_unit, 0)
})

test_that("long lines of the print-outs are wrapped to the console width", {
  old <- options(width = 60)
  on.exit(options(old))
  huge <- k_means(train_x * 1e200, as.matrix(train_x[c(1, 3, 5), ]) * 1e200)
  for (out in list(capture.output(print(huge)), capture.output(print(summary(huge))))) {
    expect_true(all(nchar(out) <= 60))
    expect_match(paste(out, collapse = " "), "units of 2\\^[0-9]+ \\(field log2_unit\\)")
  }
  skip_without_french()
  in_french(expect_true(all(nchar(capture.output(print(huge))) <= 60)))
})

test_that("xlim and ylim zoom the plot, as the help page says", {
  pdf(NULL)
  on.exit(dev.off())
  expect_invisible(plot(fit, xlim = c(0, 0.5), ylim = c(0.2, 0.8)))
  usr <- par("usr")
  # asp = 1 may widen one range, never narrow it
  expect_true(usr[1] <= 0 && usr[2] >= 0.5 && usr[3] <= 0.2 && usr[4] >= 0.8)
  expect_lt(usr[2] - usr[1], 1)
})
