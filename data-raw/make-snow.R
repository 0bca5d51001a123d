# Rebuilds data/snow_deaths.rda, data/snow_pumps.rda and data/snow_streets.rda
# (John Snow's map of the 1854 cholera outbreak in Soho, London) and writes
# data-raw/snow-source.dcf, the record of where they came from.  Run from the
# package root:
#   Rscript data-raw/make-snow.R
#
# Where the data come from: the digitisation of Snow's map by Rusty Dodson
# (NCGIA, Santa Barbara, 1992; death order randomised and Thiessen polygons
# added by Waldo Tobler), as distributed by Michael Friendly's CRAN package
# HistData (licence GPL) in its data sets Snow.deaths, Snow.pumps and
# Snow.streets.  The data sets below were made from HistData 1.1.1
# (published on CRAN on 2026-10-05, installed with
# install.packages("HistData") from the machine's CRAN mirror); the
# version, its publication date and a checksum of each source data frame are
# written to data-raw/snow-source.dcf, and ?snow_deaths states the version.
# sdsante does not depend on HistData: the data are shipped in data/, and
# tests/testthat/test-snow.R compares them with HistData when it is installed.
#
# What changes on the way: names in snake case; the pumps' column `label`
# becomes `name`; the streets, which HistData gives as polylines (the `n`
# points of each `street`, one row per point), become one row per straight
# segment (x0, y0) -> (x1, y1), ready for graphics::segments(); no coordinate
# is changed.

stopifnot(requireNamespace("HistData", quietly = TRUE))
read_histdata <- function(name) {
  env <- new.env()
  utils::data(list = name, package = "HistData", envir = env)
  get(name, envir = env)
}
deaths <- read_histdata("Snow.deaths")
pumps <- read_histdata("Snow.pumps")
streets <- read_histdata("Snow.streets")

# The counts the help pages state: 578 deaths, 13 pumps, 528 streets drawn
# with 1241 points.
stopifnot(nrow(deaths) == 578L, identical(deaths$case, 1:578),
          nrow(pumps) == 13L, identical(pumps$pump, 1:13), !anyDuplicated(pumps$label),
          nrow(streets) == 1241L, length(unique(streets$street)) == 528L,
          !anyNA(deaths), !anyNA(pumps), !anyNA(streets))

snow_deaths <- data.frame(case = as.integer(deaths$case), x = as.double(deaths$x),
                          y = as.double(deaths$y))
snow_pumps <- data.frame(pump = as.integer(pumps$pump), name = as.character(pumps$label),
                         x = as.double(pumps$x), y = as.double(pumps$y),
                         stringsAsFactors = FALSE)

# Each polyline's consecutive points joined: a street of n points gives n - 1
# segments.  The rows of a street are consecutive, and `n` is their number.
street_segments <- function(s) {
  stopifnot(!is.unsorted(s$street),
            all(tapply(s$n, s$street, function(n) all(n == length(n)))))
  next_point <- seq_len(nrow(s))[-1L]
  same_street <- s$street[next_point] == s$street[next_point - 1L]
  to <- next_point[same_street]
  from <- to - 1L
  data.frame(street = as.integer(s$street[from]), x0 = s$x[from], y0 = s$y[from],
             x1 = s$x[to], y1 = s$y[to])
}
snow_streets <- street_segments(streets)
stopifnot(nrow(snow_streets) == nrow(streets) - length(unique(streets$street)))

# The record of the source.
checksum <- function(x) {
  file <- tempfile()
  on.exit(unlink(file))
  saveRDS(x, file, version = 2, compress = FALSE)
  unname(tools::md5sum(file))
}
source_record <- data.frame(
  Package = "HistData",
  Version = format(utils::packageVersion("HistData")),
  Published = utils::packageDescription("HistData")[["Date/Publication"]],
  Repository = utils::packageDescription("HistData")[["Repository"]],
  License = utils::packageDescription("HistData")[["License"]],
  Read = "Snow.deaths, Snow.pumps, Snow.streets (utils::data(package = \"HistData\"))",
  MD5.Snow.deaths = checksum(deaths), MD5.Snow.pumps = checksum(pumps),
  MD5.Snow.streets = checksum(streets),
  Made = format(Sys.Date()), check.names = FALSE)
write.dcf(source_record, file.path("data-raw", "snow-source.dcf"))

save(snow_deaths, file = file.path("data", "snow_deaths.rda"), compress = "bzip2", version = 2)
save(snow_pumps, file = file.path("data", "snow_pumps.rda"), compress = "bzip2", version = 2)
save(snow_streets, file = file.path("data", "snow_streets.rda"), compress = "bzip2", version = 2)
