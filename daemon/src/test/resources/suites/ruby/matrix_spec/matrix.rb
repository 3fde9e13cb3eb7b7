class Matrix
  attr_reader :rows

  def initialize(text)
    @rows = text.lines.map { |line| line.split.map(&:to_i) }
  end

  def row(number) = rows[number - 1]

  def column(number) = rows.map { |r| r[number - 1] }
end
