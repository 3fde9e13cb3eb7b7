-- | Kerat's results file for tests mode: one JSON object a line in /kerat/out/results.jsonl, appended and
-- flushed test by test (a kill at a limit keeps what was written). The test program writes it itself; what the
-- student's code prints goes to stdout/stderr and cannot pass for a result.
module Kerat.Results (TestResult (..), emit, emitDone) where

import Data.Char (ord)
import Numeric (showHex)
import System.IO

data TestResult = TestResult
  { trName :: String
  , trStatus :: String
  , trMessage :: Maybe String
  , trStackTrace :: Maybe String
  , trDurationMs :: Integer
  }

resultsFile :: FilePath
resultsFile = "/kerat/out/results.jsonl"

str :: String -> String
str s = '"' : concatMap esc s ++ "\""
  where
    esc '"' = "\\\""
    esc '\\' = "\\\\"
    esc '\n' = "\\n"
    esc '\r' = "\\r"
    esc '\t' = "\\t"
    esc c
      | ord c < 0x20 = "\\u" ++ replicate (4 - length h) '0' ++ h
      | otherwise = [c]
      where h = showHex (ord c) ""

opt :: Maybe String -> String
opt = maybe "null" str

appendLine :: String -> IO ()
appendLine l = withFile resultsFile AppendMode $ \h -> do
  hSetEncoding h utf8
  hPutStrLn h l

emit :: TestResult -> IO ()
emit r = appendLine $ concat
  [ "{\"name\":", str (trName r)
  , ",\"status\":", str (trStatus r)
  , ",\"message\":", opt (trMessage r)
  , ",\"stack_trace\":", opt (trStackTrace r)
  , ",\"duration_ms\":", show (trDurationMs r)
  , "}" ]

emitDone :: IO ()
emitDone = appendLine "{\"event\":\"done\"}"
