-- | HUnit for Kerat: runTestTT runs the test tree with performTest and writes each test case to Kerat's results
-- file as it ends (passed, failed: an assertion failed, errored: an exception), then "done". Names: the TestLabels
-- on the way to the case joined with " / " (a case without any label: HUnit's path of list positions, "test 0:2").
-- The usual counts line goes to stderr as HUnit's own runTestTT prints it.
{-# LANGUAGE PackageImports #-}
module Kerat.HUnit (runTestTT, runTestTTAndExit) where

import Data.List (intercalate)
import Data.Time.Clock (UTCTime, diffUTCTime, getCurrentTime)
import GHC.Stack (SrcLoc (..))
import Kerat.Results
import System.Exit (exitFailure, exitSuccess)
import System.IO (hPutStrLn, stderr)
import Test.HUnit.Base
import "HUnit" Test.HUnit.Text (showCounts, showPath)

data Current = Current String UTCTime (Maybe (String, String, Maybe String))

runTestTT :: Test -> IO Counts
runTestTT t = do
  (counts, cur) <- performTest start (problem "errored") (problem "failed") Nothing t
  finish cur
  emitDone
  hPutStrLn stderr (showCounts counts)
  return counts
  where
    start st cur = do
      finish cur
      now <- getCurrentTime
      return (Just (Current (nameOf (path st)) now Nothing))
    problem status loc msg _ cur = case cur of
      Just (Current n t0 Nothing) -> return (Just (Current n t0 (Just (status, msg, fmap showLoc loc))))
      other -> return other
    finish Nothing = return ()
    finish (Just (Current n t0 outcome)) = do
      now <- getCurrentTime
      let ms = round (realToFrac (diffUTCTime now t0) * 1000 :: Double)
          (status, msg, loc) = maybe ("passed", Nothing, Nothing) (\(s, m, l) -> (s, Just m, l)) outcome
      emit TestResult {trName = n, trStatus = status, trMessage = msg, trStackTrace = loc, trDurationMs = ms}

runTestTTAndExit :: Test -> IO ()
runTestTTAndExit t = do
  c <- runTestTT t
  if errors c == 0 && failures c == 0 then exitSuccess else exitFailure

showLoc :: SrcLoc -> String
showLoc l = srcLocFile l ++ ":" ++ show (srcLocStartLine l) ++ ":" ++ show (srcLocStartCol l)

nameOf :: Path -> String
nameOf p = case [l | Label l <- reverse p] of
  [] -> "test " ++ showPath p
  ls -> intercalate " / " ls
