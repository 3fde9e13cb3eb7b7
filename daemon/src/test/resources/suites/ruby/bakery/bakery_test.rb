require 'minitest/autorun'
require_relative 'bakery'

class BakeryTest < Minitest::Test
  RYE = Loaf.new(name: 'rye', price_cents: 450)
  SPELT = Loaf.new(name: 'spelt', price_cents: 520)

  def test_expected_minutes_in_oven
    assert_equal 45, Bakery::OVEN_MINUTES
  end

  def test_minutes_left
    assert_equal 15, Bakery.minutes_left(30)
  end

  def test_loaves_are_values
    assert_equal RYE, Loaf.new(name: 'rye', price_cents: 450)
    assert RYE.frozen?
  end

  def test_loaf_to_s
    assert_equal 'spelt (5.20)', SPELT.to_s
  end

  def test_bake_returns_the_bakery
    bakery = Bakery.new
    assert_same bakery, bakery.bake(RYE)
  end

  def test_order_total
    bakery = Bakery.new.bake(RYE, 2).bake(SPELT)
    assert_equal 1420, bakery.order(RYE, RYE, SPELT)
    assert_equal 0, bakery.stock(RYE)
  end

  def test_order_more_than_baked
    bakery = Bakery.new.bake(RYE)
    error = assert_raises(ArgumentError) { bakery.order(RYE, RYE) }
    assert_equal 'not enough rye', error.message
    assert_equal 1, bakery.stock(RYE)
  end

  def test_with_keyword_pattern_matching
    case SPELT
    in { name: String => name, price_cents: Integer => cents }
      assert_equal ['spelt', 520], [name, cents]
    end
  end
end
