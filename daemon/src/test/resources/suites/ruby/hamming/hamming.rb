class Hamming
  def self.compute(strand1, strand2)
    raise ArgumentError, 'strands must be of equal length' unless strand1.length == strand2.length

    strand1.chars.zip(strand2.chars).count { |a, b| a != b }
  end
end
