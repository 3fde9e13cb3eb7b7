{-# LANGUAGE PackageImports #-}
-- | Kerat's stand-in for HUnit's Test.HUnit.Text: runTestTT and runTestTTAndExit report each test case to Kerat.
module Test.HUnit.Text (module Real, runTestTT, runTestTTAndExit) where

import "HUnit" Test.HUnit.Text as Real hiding (runTestTT, runTestTTAndExit)
import Kerat.HUnit (runTestTT, runTestTTAndExit)
