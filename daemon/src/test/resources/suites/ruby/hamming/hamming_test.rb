#!/usr/bin/env ruby
gem 'minitest', '>= 5.0.0'
require 'minitest/autorun'
require_relative 'hamming'

# Common test data version: 2.3.0 4c453a8
class HammingTest < Minitest::Test
  def test_empty_strands
    assert_equal 0, Hamming.compute('', '')
  end

  def test_single_letter_identical_strands
    assert_equal 0, Hamming.compute('A', 'A')
  end

  def test_single_letter_different_strands
    assert_equal 1, Hamming.compute('G', 'T')
  end

  def test_long_identical_strands
    assert_equal 0, Hamming.compute('GGACTGAAATCTG', 'GGACTGAAATCTG')
  end

  def test_long_different_strands
    assert_equal 9, Hamming.compute('GGACGGATTCTG', 'AGGACGGATTCT')
  end

  def test_disallow_first_strand_longer
    assert_raises(ArgumentError) do
      Hamming.compute('AATG', 'AAA')
    end
  end

  def test_disallow_second_strand_longer
    error = assert_raises(ArgumentError) { Hamming.compute('ATA', 'AGTG') }
    assert_match(/equal length/, error.message)
  end

  # Problems in exercism evolve over time, as we find better ways to ask
  # questions.
  # The version number refers to the version of the problem you solved,
  # not your solution.
  def test_bookkeeping
    refute_nil Hamming.respond_to?(:compute)
  end
end
