{-# LANGUAGE PackageImports #-}
-- | Kerat's stand-in for hspec's Test.Hspec (found before the package's module): everything of the real one, with
-- hspec running the suite through Kerat's results format (Kerat.Hspec).
module Test.Hspec (module Real, hspec) where

import "hspec" Test.Hspec as Real hiding (hspec)
import qualified Kerat.Hspec

hspec :: Spec -> IO ()
hspec = Kerat.Hspec.hspec
