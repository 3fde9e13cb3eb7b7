# Kerat's testthat harness (tests mode). Runs every test file (KERAT_TEST_FILES: the test files named
# test*.R / test*.r, in the order given; if none is named so, every .R file among the test files) with
# testthat::test_file and a reporter that appends one JSON line per test_that() block to
# /kerat/out/results.jsonl as soon as the block ends (a kill at a limit keeps the tests before it). The
# student's code prints to stdout/stderr as usual and never reaches that file. "done" is written when every
# file has been run; a quit() or a crash of R leaves it out (a runtime_error).
#   name     "<test file> / <test_that description>" (expectations outside test_that(): "<test file>")
#   status   failed (an expectation failed), errored (an error inside the block), skipped (skip*()),
#            passed (otherwise, also a block without expectations)
# The harness's own code looks names up from the base environment, never the global one: the tested code's
# definitions (a `sub` or `paste0` of its own) cannot change how results are written.
local({
  out <- "/kerat/out/results.jsonl"
  suppressPackageStartupMessages(library(testthat))

  json_line <- function(x) {
    jsonlite::toJSON(x, auto_unbox = TRUE, null = "null", na = "null", digits = NA)
  }
  emit <- function(x) {
    cat(json_line(x), "\n", sep = "", file = out, append = TRUE)
  }

  where <- function(result) {
    ref <- result$srcref
    if (is.null(ref)) return(NULL)
    file <- attr(ref, "srcfile")$filename
    if (is.null(file) || !nzchar(file)) return(NULL)
    paste0(basename(file), ":", ref[[1]])
  }

  KeratReporter <- R6::R6Class("KeratReporter", inherit = testthat::Reporter,
    public = list(
      file = NULL, current = NULL, started = NULL,
      initialize = function(file, ...) {
        super$initialize(...)
        self$file <- file
        self$capabilities$parallel_support <- FALSE
      },
      start_test = function(context, test) {
        self$current <- list(status = "passed", message = NULL, stack_trace = NULL)
        self$started <- proc.time()[["elapsed"]]
      },
      add_result = function(context, test, result) {
        status <- if (inherits(result, "expectation_error")) "errored"
          else if (inherits(result, "expectation_failure")) "failed"
          else if (inherits(result, "expectation_skip")) "skipped"
          else "passed"
        if (is.null(test)) {
          # an expectation or error outside any test_that(): a result of its own, named after the file
          if (status != "passed") {
            emit(list(name = self$file, status = status, message = conditionMessage(result),
                      stack_trace = where(result), duration_ms = 0))
          }
          return(invisible())
        }
        if (is.null(self$current)) self$start_test(context, test)
        rank <- c(passed = 0, skipped = 1, failed = 2, errored = 3)
        if (rank[[status]] > rank[[self$current$status]]) {
          self$current$status <- status
          msg <- conditionMessage(result)
          if (status == "skipped") msg <- sub("^Reason: ", "", msg)
          self$current$message <- msg
          self$current$stack_trace <- where(result)
        }
      },
      end_test = function(context, test) {
        if (is.null(test) || is.null(self$current)) return(invisible())
        ms <- round(1000 * (proc.time()[["elapsed"]] - self$started))
        emit(list(name = paste(self$file, test, sep = " / "), status = self$current$status,
                  message = self$current$message, stack_trace = self$current$stack_trace,
                  duration_ms = ms))
        self$current <- NULL
      }
    ))

  files <- strsplit(Sys.getenv("KERAT_TEST_FILES"), ":", fixed = TRUE)[[1]]
  files <- files[grepl("\\.[Rr]$", files)]
  named <- files[grepl("^test", basename(files))]
  if (length(named) > 0) files <- named
  if (length(files) == 0) {
    message("no R test file found among the test files (expected test*.R files using testthat)")
    quit(status = 1)
  }
  for (f in files) {
    path <- normalizePath(file.path("/workspace", f))
    testthat::test_file(path, reporter = KeratReporter$new(file = f), stop_on_failure = FALSE,
                        stop_on_warning = FALSE)
    setwd("/workspace")
  }
  emit(list(event = "done"))
}, envir = new.env(parent = baseenv()))
