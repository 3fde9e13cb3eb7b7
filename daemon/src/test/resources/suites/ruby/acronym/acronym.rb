module Acronym
  def self.abbreviate(phrase)
    phrase.scan(/[[:alpha:]][[:alpha:]']*/).map { |word| word[0].upcase }.join
  end
end
