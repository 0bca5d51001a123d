# John Snow's map (snow_deaths, snow_pumps, snow_streets) and points assigned
# to given centres (nearest_centre(): counts, distances, print-outs, map).

# The plain R reference: squared distances from every point to every centre,
# and the nearest (lowest number on a tie).
plain_nearest <- function(x, centres) {
  d2 <- matrix(0, nrow(x), nrow(centres))
  for (j in seq_len(ncol(x))) d2 <- d2 + outer(x[, j], centres[, j], "-")^2
  list(cluster = apply(d2, 1, which.min), distance = sqrt(apply(d2, 1, min)))
}

test_that("the data sets hold the source's counts: 578 deaths, 13 pumps, 528 streets", {
  expect_identical(dim(snow_deaths), c(578L, 3L))
  expect_identical(names(snow_deaths), c("case", "x", "y"))
  expect_identical(snow_deaths$case, 1:578)
  expect_identical(dim(snow_pumps), c(13L, 4L))
  expect_identical(names(snow_pumps), c("pump", "name", "x", "y"))
  expect_identical(snow_pumps$pump, 1:13)
  expect_identical(snow_pumps$name[7], "Broad St")
  expect_false(anyDuplicated(snow_pumps$name) > 0)
  expect_identical(names(snow_streets), c("street", "x0", "y0", "x1", "y1"))
  expect_identical(length(unique(snow_streets$street)), 528L)
  # 1241 points in 528 lines: 1241 - 528 segments
  expect_identical(nrow(snow_streets), 1241L - 528L)
  for (d in list(snow_deaths, snow_pumps, snow_streets)) expect_false(anyNA(d))
})

test_that("the data sets are HistData's, row by row", {
  skip_if_not_installed("HistData")
  from_histdata <- function(name) {
    env <- new.env()
    utils::data(list = name, package = "HistData", envir = env)
    get(name, envir = env)
  }
  deaths <- from_histdata("Snow.deaths")
  pumps <- from_histdata("Snow.pumps")
  streets <- from_histdata("Snow.streets")
  expect_identical(nrow(deaths), 578L)
  expect_identical(nrow(pumps), 13L)
  expect_identical(snow_deaths$case, deaths$case)
  expect_identical(snow_deaths$x, deaths$x)
  expect_identical(snow_deaths$y, deaths$y)
  expect_identical(snow_pumps$name, pumps$label)
  expect_identical(snow_pumps[c("x", "y")], pumps[c("x", "y")])
  # the segments give back each street line, point by point
  lines <- split(streets[c("x", "y")], streets$street)
  rebuilt <- lapply(split(snow_streets, snow_streets$street), function(s)
    data.frame(x = c(s$x0, s$x1[nrow(s)]), y = c(s$y0, s$y1[nrow(s)])))
  expect_identical(names(rebuilt), names(lines))
  for (i in seq_along(lines))
    expect_identical(unname(as.matrix(rebuilt[[i]])), unname(as.matrix(lines[[i]])))
})

test_that("each death goes to its nearest pump, as a plain R nearest-neighbour search", {
  pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
                          names = snow_pumps$name, metres_per_unit = 54)
  reference <- plain_nearest(as.matrix(snow_deaths[c("x", "y")]),
                             as.matrix(snow_pumps[c("x", "y")]))
  expect_identical(unname(pumps$cluster), reference$cluster)   # row by row
  expect_equal(pumps$distance, reference$distance, tolerance = 1e-14)
  expect_equal(pumps$distance_m, reference$distance * 54, tolerance = 1e-14)
  expect_identical(as.character(pumps$centre), snow_pumps$name[reference$cluster])
  expect_identical(levels(pumps$centre), snow_pumps$name)
  expect_identical(unname(pumps$size), tabulate(reference$cluster, 13))
  expect_identical(names(pumps$size), snow_pumps$name)
  expect_identical(sum(pumps$size), 578L)
  # the Broad Street pump's region holds most of the deaths
  expect_identical(names(which.max(pumps$size)), "Broad St")
  # the columns of the centres are looked up by name; other columns ignored
  by_name <- nearest_centre(snow_deaths, snow_pumps[c("y", "x")])
  expect_identical(unname(by_name$cluster), reference$cluster)
  expect_identical(names(by_name$size), as.character(1:13))
})

test_that("random points and centres: the plain R reference, ties to the lowest number", {
  set.seed(19)
  for (d in c(1, 2, 5)) {
    x <- matrix(rnorm(300 * d), ncol = d)
    centres <- matrix(rnorm(7 * d), ncol = d)
    got <- nearest_centre(x, centres)
    reference <- plain_nearest(x, centres)
    expect_identical(unname(got$cluster), reference$cluster)
    expect_equal(got$distance, reference$distance, tolerance = 1e-12)
    expect_null(got$distance_m)
  }
  # a point halfway between two centres goes to the first
  tie <- nearest_centre(matrix(c(0, 0), 1), matrix(c(-1, 1, 0, 0), 2), names = c("a", "b"))
  expect_identical(unname(tie$cluster), 1L)
  expect_identical(as.character(tie$centre), "a")
  # the same centres given twice: the first takes the points
  twice <- nearest_centre(matrix(1:4, 2), rbind(c(1, 3), c(1, 3)))
  expect_identical(unname(twice$size), c(2L, 0L))
})

test_that("any scale: data near 1e300 or 1e-300 go to the same centres", {
  x <- as.matrix(snow_deaths[c("x", "y")])
  centres <- as.matrix(snow_pumps[c("x", "y")])
  ordinary <- nearest_centre(x, centres)
  for (s in c(2^990, 2^-1000)) {
    scaled <- nearest_centre(x * s, centres * s)
    expect_identical(scaled$cluster, ordinary$cluster)
    expect_equal(scaled$distance / s, ordinary$distance, tolerance = 1e-14)
  }
})

test_that("the distances are taken in blocks of rows as in one piece", {
  set.seed(3)
  x <- matrix(runif(3e5), ncol = 2)
  centres <- matrix(runif(2 * 40), ncol = 2)   # blocks of 26 214 rows: several
  got <- nearest_centre(x, centres)
  reference <- plain_nearest(x, centres)
  expect_identical(unname(got$cluster), reference$cluster)
  expect_equal(got$distance, reference$distance, tolerance = 1e-12)
})

test_that("summary() and as.data.frame(): counts and distances by centre, as plain R", {
  pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
                          names = snow_pumps$name, metres_per_unit = 54)
  reference <- plain_nearest(as.matrix(snow_deaths[c("x", "y")]),
                             as.matrix(snow_pumps[c("x", "y")]))
  s <- summary(pumps)
  expect_named(s$centres, c("centre", "points", "share", "mean_distance", "max_distance",
                            "mean_distance_m", "max_distance_m"))
  group <- factor(reference$cluster, levels = 1:13)
  expect_equal(s$centres$mean_distance, unname(c(tapply(reference$distance, group, mean))))
  expect_equal(s$centres$max_distance, unname(c(tapply(reference$distance, group, max))))
  expect_equal(s$centres$max_distance_m, s$centres$max_distance * 54)
  expect_equal(s$centres$share, tabulate(reference$cluster, 13) / 578)
  expect_true(is.na(s$centres$mean_distance[1]))   # Oxford Market: no death nearest
  expect_equal(s$mean_distance, mean(reference$distance))
  out <- capture.output(print(s))
  expect_match(out, "^Broad St +359 +62\\.1 ", all = FALSE)
  expect_match(out, "54 m per unit", all = FALSE)
  df <- as.data.frame(pumps)
  expect_identical(dim(df), c(578L, 3L))
  expect_identical(df$centre, pumps$centre)
  expect_identical(df$distance_m, pumps$distance_m)
  named <- nearest_centre(data.frame(x = 1:2, y = 0, row.names = c("a", "b")),
                          data.frame(x = c(0, 3), y = 0))
  expect_identical(rownames(as.data.frame(named)), c("a", "b"))
})

test_that("print-outs: counts by centre, translated in a French session", {
  pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
                          names = snow_pumps$name, metres_per_unit = 54)
  out <- capture.output(print(pumps))
  expect_match(out[1], "^578 points, each assigned to the nearest of 13 centres")
  expect_match(out, "^Broad St +359 +62\\.1$", all = FALSE)
  expect_match(out, "Mean distance to the nearest centre: [0-9.]+ \\([0-9]+ m\\)\\.", all = FALSE)
  skip_without_french()
  in_french({
    out <- capture.output(print(pumps))
    expect_match(out[1], "^578 points, chacun affect\u00e9 au plus proche de 13 centres")
    expect_match(out, "Distance moyenne au centre le plus proche\u00a0:", all = FALSE)
    expect_match(capture.output(print(summary(pumps))), "distance moyenne", all = FALSE)
    expect_error(nearest_centre(snow_deaths, snow_pumps[c("x", "y")], names = "a"),
                 "'names' doit avoir un nom par ligne de 'centres'")
  })
})

test_that("bad input: clear errors naming the argument", {
  xy <- snow_deaths[c("x", "y")]
  centres <- snow_pumps[c("x", "y")]
  expect_error(nearest_centre(xy, data.frame(x = 1, z = 2)),
               "'x' must have the columns of 'centres' \\(x, z\\); missing: z")
  expect_error(nearest_centre(matrix(1:6, 2), matrix(1:2, 1)),
               "'x' must have one column per column of 'centres' \\(2\\), not 3")
  expect_error(nearest_centre(data.frame(x = "a", y = 1), centres), "numeric columns only")
  expect_error(nearest_centre(data.frame(x = NA_real_, y = 1), centres),
               "'x' must hold finite numbers; row 1, column \"x\" is NA")
  expect_error(nearest_centre(xy, centres[0, ]), "'centres' must have at least one row")
  expect_error(nearest_centre(xy[0, ], centres), "'x' must have at least one row")
  expect_error(nearest_centre(xy, data.frame(x = Inf, y = 1)), "'centres' must hold finite numbers")
  expect_error(nearest_centre(xy, "Broad St"), "'centres' must be a numeric matrix or a data frame")
  expect_error(nearest_centre(xy, centres, names = c("a", "b")),
               "'names' must have one name per row of 'centres' \\(13\\), not 2 values")
  expect_error(nearest_centre(xy, centres, names = rep("a", 13)),
               "'names' must be distinct; \"a\" is given twice")
  expect_error(nearest_centre(xy, centres, names = c(NA, letters[1:12])),
               "'names' must not be missing; name 1 is NA")
  expect_error(nearest_centre(xy, centres, metres_per_unit = -54),
               "'metres_per_unit' must be a single number strictly between 0 and Inf, not -54")
  expect_error(nearest_centre(xy, centres, metres_per_unit = c(50, 60)), "'metres_per_unit'")
  pumps <- nearest_centre(xy, centres)
  pdf(NULL)
  on.exit(dev.off())
  expect_error(plot(pumps, background = snow_streets[c("x0", "y0")]),
               "'background' must be segments to draw.*; missing: x1, y1")
  expect_error(plot(pumps, background = "streets"), "'background' must be segments to draw")
  expect_error(plot(pumps, background = transform(snow_streets, x0 = NA)),
               "'background' must hold finite numbers")
  expect_error(plot(pumps, names = "yes"), "'names' must be TRUE or FALSE")
  expect_error(plot(pumps, col = "nocolour"), "'col' must be colours")
  wide <- nearest_centre(matrix(0, 1, 200001), matrix(1, 1, 200001))
  expect_null(wide$plot_data)
  expect_error(plot(wide), "keeps no copy of its points to draw")
  three <- nearest_centre(matrix(rnorm(30), 10), matrix(rnorm(6), 2))
  expect_error(plot(three, background = snow_streets),
               "'background' is drawn in the plane of two variables, and the data have 3")
})

test_that("the map: streets as background, names of the centres hiding no mark", {
  pumps <- nearest_centre(snow_deaths[c("x", "y")], snow_pumps[c("x", "y")],
                          names = snow_pumps$name, metres_per_unit = 54)
  file <- tempfile(fileext = ".png")
  png(file, 1000, 850, res = 110)
  expect_invisible(plot(pumps, background = snow_streets))
  # the names placed as plot() places them: no box over a death, a pump or
  # another name
  marks <- rbind(cbind(as.matrix(snow_deaths[c("x", "y")]), 1.2),
                 cbind(as.matrix(snow_pumps[c("x", "y")]), 3))
  places <- sdsante:::label_free_places(as.matrix(snow_pumps[c("x", "y")]), snow_pumps$name,
                                        marks, cex = 0.8)
  usr <- par("usr"); pin <- par("pin")
  per_inch <- c(diff(usr[1:2]) / pin[1], diff(usr[3:4]) / pin[2])
  half <- 0.5 * 0.75 * par("cin")[2] * marks[, 3]   # half a symbol, in inches
  for (i in 1:13) {
    dx <- abs(marks[, 1] - places$x[i]) / per_inch[1]
    dy <- abs(marks[, 2] - places$y[i]) / per_inch[2]
    hides <- dx < half + places$half_width[i] / per_inch[1] &
      dy < half + places$half_height[i] / per_inch[2]
    expect_false(any(hides), label = paste("the name of pump", i, "hides a mark"))
    others <- setdiff(1:13, i)
    over <- abs(places$x[others] - places$x[i]) < places$half_width[others] + places$half_width[i] &
      abs(places$y[others] - places$y[i]) < 2 * places$half_height[i]
    expect_false(any(over), label = paste("the name of pump", i, "hides another name"))
  }
  expect_true(all(places$x >= usr[1] & places$x <= usr[2] & places$y >= usr[3] & places$y <= usr[4]))
  dev.off()
  expect_gt(file.size(file), 10000)
  # a zoom (xlim, ylim through ...) and a k-means fit drawn on the streets
  pdf(NULL)
  on.exit(dev.off())
  expect_invisible(plot(pumps, background = snow_streets, xlim = c(9, 16), ylim = c(8, 15)))
  set.seed(1)
  fit <- k_means(snow_deaths[c("x", "y")], 3, nstart = 5)
  expect_invisible(plot(fit, background = snow_streets, xlim = c(9, 16)))
  expect_invisible(plot(fit, background = as.matrix(snow_streets[-1])))
})
