# Kerat's Ruby test harness (tests mode). See README.md beside this file.
#
# Picks the framework (KERAT_FRAMEWORK, else detected from the test files), checks the syntax of every submitted
# .rb file (a SyntaxError anywhere is {"event": "compile_error"}), then runs the tests in this process with
# minitest (run_minitest.rb: the test files are required and minitest runs them at exit, as `ruby x_test.rb`
# does) or RSpec (run_rspec.rb: RSpec::Core::Runner, in-process). Each test's result is appended to
# /kerat/out/results.jsonl as soon as it is known; once the run has ended the file is rewritten atomically from
# memory with a final {"event": "done"} (so junk the tested code wrote there is dropped). Nothing goes to stdout.
require 'json'
require 'rbconfig'

module Kerat
  OUT_DIR = ENV.fetch('KERAT_OUT_DIR', '/kerat/out')
  RESULTS = File.join(OUT_DIR, 'results.jsonl')
  FRAMEWORKS = %w[minitest rspec].freeze
  MAX_FIELD = 64 * 1024
  MAIN_PID = Process.pid
  RUNNER_DIR = __dir__

  @entries = []
  @lock = Mutex.new
  @finished = false
  begin
    @out = File.open(RESULTS, File::WRONLY | File::CREAT | File::TRUNC | File::APPEND, 0o644)
    @out.sync = true
    @out.close_on_exec = true
  rescue SystemCallError
    @out = nil
  end

  class << self
    attr_reader :entries

    def text(s)
      return nil if s.nil?
      t = s.to_s.dup.force_encoding(Encoding::UTF_8).scrub
      t.length > MAX_FIELD ? t[0, MAX_FIELD] + "\n... (truncated)" : t
    end

    def line(obj)
      JSON.generate(obj) + "\n"
    end

    # Records one result (or event) and appends it to the results file at once.
    def add(entry)
      return if Process.pid != MAIN_PID # a forked child of the tested code must not report
      @lock.synchronize do
        @entries << entry
        begin
          @out&.write(line(entry))
        rescue StandardError
          @out = nil # the tested code closed our file; the final rewrite still happens
        end
      end
    end

    def finished?
      @finished
    end

    # Rewrites results.jsonl atomically: every entry, then "done".
    def finish
      return if @finished || Process.pid != MAIN_PID
      @finished = true
      data = @entries.map { |e| line(e) }.join + line('event' => 'done')
      File.chmod(0o755, OUT_DIR) rescue nil
      tmp = File.join(OUT_DIR, ".results-#{MAIN_PID}.tmp")
      File.open(tmp, File::WRONLY | File::CREAT | File::TRUNC, 0o644) { |f| f.write(data) }
      File.rename(tmp, RESULTS)
    end

    def compile_error(message)
      add('event' => 'compile_error', 'message' => text(message))
      finish
      $stdout.flush rescue nil
      $stderr.flush rescue nil
      exit!(1)
    end

    def split_names(value)
      value.to_s.split(/[:\n]/).map(&:strip).reject(&:empty?)
    end

    def read(path)
      File.binread(path)
    rescue SystemCallError
      ''
    end

    # The framework named by the request, else the one the test files are written for.
    def detect(tests)
      chosen = ENV['KERAT_FRAMEWORK'].to_s.strip
      return chosen unless chosen.empty?
      rb = tests.select { |f| f.end_with?('.rb') }
      src = rb.map { |f| read(f) }.join("\n").force_encoding(Encoding::BINARY)
      return 'minitest' if src =~ /minitest/i
      if src =~ %r{require\s*\(?\s*['"]test/unit['"]|Test::Unit::TestCase}
        return 'test-unit (Test::Unit)'
      end
      return 'cucumber' if tests.any? { |f| f.end_with?('.feature') } && rb.none? { |f| f.end_with?('_spec.rb') }
      if rb.any? { |f| f.end_with?('_spec.rb') } || tests.any? { |f| File.basename(f) == '.rspec' } ||
         src =~ /\bRSpec\b|require\s*\(?\s*['"](rspec|spec_helper|rails_helper)/
        return 'rspec'
      end
      src =~ /^\s*(describe|context)\b.*\bdo\b/ ? 'rspec' : 'minitest'
    end

    # a backtrace without the harness's own frames, workspace paths relative ("calc.rb:3:in ...")
    # RubyGems is not loaded (runner.json starts ruby with --disable-gems: it is about half of Ruby's start-up under
    # gVisor). The gems Debian installs go on the load path directly instead: the framework's first, every other one
    # (prime, matrix, test-unit...) after the standard library, one version per gem, Debian's packages first.
    def gem_paths(framework)
      Kernel.module_eval do
        def gem(*) = true # `gem 'minitest', '>= 5.0.0'` in older suites
        private :gem
      end
      api = RbConfig::CONFIG['ruby_version']
      dirs = Dir.glob('/usr/share/rubygems-integration/all/gems/*/lib').sort +
             Dir.glob("/usr/share/rubygems-integration/#{api}/gems/*/lib").sort +
             Dir.glob("/usr/lib/ruby/gems/#{api}/gems/*/lib").sort
      by_name = {}
      dirs.each do |d|
        name = File.basename(File.dirname(d)).sub(/-[0-9][^-]*\z/, '')
        by_name[name] ||= d
      end
      first = framework == 'rspec' ? %w[rspec-core rspec-expectations rspec-mocks rspec-support rspec diff-lcs] : %w[minitest]
      front = first.filter_map { |n| by_name.delete(n) }
      $LOAD_PATH.unshift(*front)
      $LOAD_PATH.concat(by_name.values)
    end

    def backtrace(lines)
      here = Dir.pwd + '/'
      (lines || []).reject { |l| l.start_with?(RUNNER_DIR + '/', '<internal:') }
                   .map { |l| l.start_with?(here) ? l[here.length..] : l }.join("\n")
    end

    # Every submitted .rb file must parse: a syntax error is a compile error, reported before anything runs.
    def check_syntax(names)
      errors = []
      names.each do |name|
        next unless name.end_with?('.rb') && File.file?(name)
        begin
          RubyVM::InstructionSequence.compile(read(name).force_encoding(Encoding::UTF_8), name, name)
        rescue SyntaxError => e
          errors << e.message.sub(/\A#{Regexp.escape(name)}:/) { "#{name}:" }
        end
      end
      compile_error(errors.join("\n\n")) unless errors.empty?
    end
  end
end

sources = Kerat.split_names(ENV['KERAT_SOURCE_FILES'])
tests = Kerat.split_names(ENV['KERAT_TEST_FILES'])
framework = Kerat.detect(tests)
unless Kerat::FRAMEWORKS.include?(framework)
  Kerat.compile_error("the tests are written for #{framework}, which this runner does not support " \
                      "(frameworks: #{Kerat::FRAMEWORKS.join(', ')})")
end
Kerat.check_syntax((sources + tests).uniq)

unless defined?(Gem)
  Kerat.gem_paths(framework)
  # code that names RubyGems (`Gem::Version.new(RUBY_VERSION) >= ...` in a test helper) finds it as under
  # `ruby x_test.rb`: it is loaded then, so a suite that never names it pays nothing for it
  Object.autoload(:Gem, 'rubygems')
end

# the workspace and its lib/, test/ and spec/ directories are on the load path, as `ruby -Ilib -Itest` or rake has
%w[spec test lib].each { |d| $LOAD_PATH.unshift(File.expand_path(d)) if File.directory?(d) }
$LOAD_PATH.unshift(Dir.pwd)

require_relative "run_#{framework}"
