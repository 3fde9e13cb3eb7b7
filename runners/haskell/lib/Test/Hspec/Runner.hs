{-# LANGUAGE PackageImports #-}
-- | Kerat's stand-in for hspec's Test.Hspec.Runner: the runners go through Kerat's results format.
module Test.Hspec.Runner (module Real, hspec, hspecWith, hspecResult, hspecWithResult) where

import "hspec" Test.Hspec.Runner as Real hiding (hspec, hspecWith, hspecResult, hspecWithResult)
import Kerat.Hspec (hspec, hspecWith, hspecResult, hspecWithResult)
