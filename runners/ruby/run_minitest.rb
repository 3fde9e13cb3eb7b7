# Minitest, the way `ruby x_test.rb` runs it: minitest/autorun is installed first, the test files are required
# (not loaded: a file that another one require_relative's is loaded once), and minitest runs the tests in its
# at_exit handler, after the tested code's own at_exit handlers and also when the loaded code calls `exit`
# (exit 0: the tests still run; another status: they do not, and the run is a runtime_error).
ENV['MT_COMPAT'] ||= '1' # MiniTest::Test and MiniTest::Unit::TestCase of older suites still resolve
require 'minitest'

module Kerat
  # Records each test's outcome as soon as Minitest has it.
  class MinitestReporter < Minitest::AbstractReporter
    def record(result)
      failure = result.failure
      entry = { 'name' => "#{result.klass}##{result.name}", 'status' => 'passed', 'message' => nil,
                'stack_trace' => nil, 'duration_ms' => (result.time * 1000).round }
      if result.skipped?
        entry['status'] = 'skipped'
        entry['message'] = Kerat.text(failure.message)
      elsif failure.is_a?(Minitest::UnexpectedError)
        e = failure.error
        entry['status'] = 'errored'
        entry['message'] = Kerat.text("#{e.class}: #{e.message}")
        entry['stack_trace'] = Kerat.text(Kerat.backtrace(Minitest.filter_backtrace(e.backtrace || [])))
      elsif failure
        entry['status'] = 'failed'
        entry['message'] = Kerat.text(failure.message)
        entry['stack_trace'] = Kerat.text(Kerat.backtrace(Minitest.filter_backtrace(failure.backtrace || [])))
      end
      Kerat.add(entry)
    end

    def report
      Kerat.minitest_ran = true
    end
  end

  class << self
    attr_accessor :minitest_ran, :minitest_runs
  end
  self.minitest_runs = 0
end

module Minitest
  def self.plugin_kerat_options(_opts, _options); end

  def self.plugin_kerat_init(_options)
    Kerat.minitest_runs += 1
    return if Kerat.minitest_runs > 1 # a test file that calls Minitest.run itself: the first run is the one
    null = File.open(File::NULL, 'w')
    reporter.reporters.each { |r| r.io = null if r.respond_to?(:io=) } # minitest's own report: not on stdout
    reporter << Kerat::MinitestReporter.new
  end
end
Minitest.extensions << 'kerat'

# `ruby x_test.rb` loads minitest's own plugins through RubyGems (Minitest.load_plugins, which does nothing without
# Gem); the harness runs with --disable-gems, so it loads them itself from minitest's lib directory, as
# load_plugins would: `require 'minitest/pride'` (common in older suites) needs Minitest::PrideIO. Only the plugins
# that ship with minitest: nothing from the submitted files. Their output goes where the report goes (/dev/null).
Dir.glob(File.join(File.dirname(Minitest.method(:run).source_location[0]), 'minitest', '*_plugin.rb')).sort.each do |p|
  name = File.basename(p, '_plugin.rb')
  next if Minitest.extensions.include?(name)
  require p
  Minitest.extensions << name
end
# loaded above: Minitest.run must not load them again through RubyGems (that would load RubyGems, see harness.rb)
def Minitest.load_plugins; end

# Registered before minitest's handler, so it runs after it: "done" once minitest has reported.
at_exit { Kerat.finish if Kerat.minitest_ran }

ARGV.replace(%w[--seed 1])
require 'minitest/autorun'

tests = Kerat.split_names(ENV['KERAT_TEST_FILES']).select { |f| f.end_with?('.rb') }
named = tests.select { |f| File.basename(f) =~ /(\A|_)test(_.*)?\.rb\z|_spec\.rb\z/ }
named = tests if named.empty?
named.each do |f|
  path = File.expand_path(f)
  begin
    $0 = path # `if __FILE__ == $0` in a test file holds, as under `ruby x_test.rb`
    require path
  rescue StandardError, ScriptError => e
    Kerat.add('name' => f, 'status' => 'errored', 'message' => Kerat.text("cannot load #{f}: #{e.class}: #{e.message}"),
              'stack_trace' => Kerat.text(Kerat.backtrace(e.backtrace)), 'duration_ms' => 0)
  end
end
# the script ends here: minitest's at_exit handler runs the tests
