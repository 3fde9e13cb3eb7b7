class Clock
  MINUTES_PER_DAY = 24 * 60

  attr_reader :minutes
  protected :minutes

  def initialize(hour: 0, minute: 0)
    @minutes = (hour * 60 + minute) % MINUTES_PER_DAY
  end

  def to_s
    format('%02d:%02d', *minutes.divmod(60))
  end

  def +(other)
    Clock.new(minute: minutes + other.minutes)
  end

  def -(other)
    Clock.new(minute: minutes - other.minutes)
  end

  def ==(other)
    other.is_a?(Clock) && minutes == other.minutes
  end
  alias eql? ==

  def hash = minutes.hash
end
