-- | hspec for Kerat: the suite runs with a format that writes each finished item to Kerat's results file (and
-- nothing to stdout), fail-fast off (every item runs), no colours. "done" is written when hspec reports the end of
-- the run. Names: the describe/context groups and the item, joined with " / ".
module Kerat.Hspec (hspec, hspecWith, hspecResult, hspecWithResult, keratConfig) where

import Control.Exception (SomeException, displayException)
import Data.List (intercalate)
import Kerat.Results
import qualified Test.Hspec.Core.Format as F
import Test.Hspec.Core.Runner (Config (..), ColorMode (..), defaultConfig)
import qualified Test.Hspec.Core.Runner as R
import Test.Hspec.Core.Spec (Spec)

keratConfig :: Config -> Config
keratConfig c = c
  { configFormat = Just format
  , configFailFast = False
  , configColorMode = ColorNever
  , configFailureReport = Nothing
  }

hspec :: Spec -> IO ()
hspec = hspecWith defaultConfig

hspecWith :: Config -> Spec -> IO ()
hspecWith c = R.hspecWith (keratConfig c)

hspecResult :: Spec -> IO R.Summary
hspecResult = hspecWithResult defaultConfig

hspecWithResult :: Config -> Spec -> IO R.Summary
hspecWithResult c = R.hspecWithResult (keratConfig c)

format :: F.FormatConfig -> IO F.Format
format _ = return event
  where
    event (F.ItemDone path item) = emitItem path item
    event (F.Done _) = emitDone
    event _ = return ()

emitItem :: F.Path -> F.Item -> IO ()
emitItem (groups, req) item = emit TestResult
  { trName = intercalate " / " (groups ++ [req])
  , trStatus = status
  , trMessage = message
  , trStackTrace = fmap loc where_
  , trDurationMs = round (secs * 1000)
  }
  where
    F.Seconds secs = F.itemDuration item
    (status, message, where_) = case F.itemResult item of
      F.Success -> ("passed", Nothing, Nothing)
      F.Pending l m -> ("skipped", m, l)
      F.Failure l reason -> case reason of
        F.Error info e -> ("errored", Just (prefix info (exception e)), orItem l)
        _ -> ("failed", Just (explain reason), orItem l)
    orItem l = maybe (F.itemLocation item) Just l
    loc l = F.locationFile l ++ ":" ++ show (F.locationLine l) ++ ":" ++ show (F.locationColumn l)

prefix :: Maybe String -> String -> String
prefix Nothing s = s
prefix (Just p) s = p ++ "\n" ++ s

exception :: SomeException -> String
exception = displayException

explain :: F.FailureReason -> String
explain r = case r of
  F.NoReason -> "failed"
  F.Reason s -> s
  F.ColorizedReason s -> s
  F.ExpectedButGot p expected actual -> prefix p ("expected: " ++ expected ++ "\n but got: " ++ actual)
  F.Error p e -> prefix p (exception e)
