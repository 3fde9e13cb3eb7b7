require 'minitest/autorun'
require_relative 'clock'

class ClockTest < Minitest::Test
  def test_on_the_hour
    # skip
    assert_equal "08:00", Clock.new(hour: 8).to_s
  end

  def test_past_the_hour
    skip
    assert_equal "11:09", Clock.new(hour: 11, minute: 9).to_s
  end

  def test_midnight_is_zero_hours
    skip
    assert_equal "00:00", Clock.new(hour: 24).to_s
  end

  def test_hour_rolls_over_continuously
    skip
    assert_equal "04:00", Clock.new(hour: 100).to_s
  end

  def test_negative_minutes_roll_over
    skip
    assert_equal "16:40", Clock.new(hour: 1, minute: -4820).to_s
  end

  def test_add_across_midnight
    skip
    clock = Clock.new(hour: 23, minute: 59)
    assert_equal "00:01", (clock + Clock.new(minute: 2)).to_s
  end

  def test_subtract_across_midnight
    skip
    clock = Clock.new(hour: 0, minute: 3)
    assert_equal "23:59", (clock - Clock.new(minute: 4)).to_s
  end

  def test_clocks_with_same_time
    skip
    assert Clock.new(hour: 15, minute: 37) == Clock.new(hour: 15, minute: 37)
  end

  def test_clocks_a_minute_apart
    skip
    refute Clock.new(hour: 15, minute: 36) == Clock.new(hour: 15, minute: 37)
  end

  def test_clocks_with_negative_hours_and_minutes
    skip
    assert_equal Clock.new(hour: 7, minute: 32), Clock.new(hour: -12, minute: -268)
  end
end
