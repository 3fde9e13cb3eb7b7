{-# LANGUAGE PackageImports #-}
-- | Kerat's stand-in for HUnit's Test.HUnit (found before the package's module): everything of the real one, with
-- runTestTT and runTestTTAndExit reporting each test case to Kerat (Kerat.HUnit).
module Test.HUnit (module Real, runTestTT, runTestTTAndExit) where

import "HUnit" Test.HUnit as Real hiding (runTestTT, runTestTTAndExit)
import Kerat.HUnit (runTestTT, runTestTTAndExit)
