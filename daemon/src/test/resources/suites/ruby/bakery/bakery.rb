# A small bakery: loaves, their prices and an order's total.
Loaf = Data.define(:name, :price_cents) do
  def to_s = format('%<name>s (%<price>.2f)', name: name, price: price_cents / 100.0)
end

class Bakery
  OVEN_MINUTES = 45

  def initialize
    @shelf = Hash.new(0)
  end

  def self.minutes_left(in_oven)
    OVEN_MINUTES - in_oven
  end

  def bake(loaf, count = 1)
    @shelf[loaf] += count
    self
  end

  def stock(loaf) = @shelf[loaf]

  def order(*loaves)
    loaves.tally.each do |loaf, count|
      raise ArgumentError, "not enough #{loaf.name}" if @shelf[loaf] < count
    end
    loaves.each { |loaf| @shelf[loaf] -= 1 }
    loaves.sum(&:price_cents)
  end
end
