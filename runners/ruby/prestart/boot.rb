# Kerat: the init of a pooled Ruby sandbox (README, "Interpreters already started"). The daemon starts it as
# `ruby /kerat/runner/prestart/boot.rb` with the environment of the run command (RUBYOPT included, without the
# per-request KERAT_* variables), so rubygems, did_you_mean, error_highlight and syntax_suggest are loaded as in a
# cold start. It waits for the hand-over line on fd 0, read byte by byte with IO#sysread so that $stdin keeps the
# rest, then reads /kerat/ctl/handover (NUL-separated: mode, cwd, rlimits, argc, argv..., NAME=VALUE...). Mode "run":
# this interpreter compiles argv[1] as the main script (RubyVM::InstructionSequence.compile_file: label <main>, the
# path as given for __FILE__, the real path for __dir__ and require_relative) and runs it with $0, ARGV, ENV and the
# cwd a cold `ruby <file>` has. Mode "exec", or a file a cold interpreter treats differently (options in a ruby
# shebang line, __END__ and DATA, not a regular file, a file that does not compile): Kernel#exec of the cold command,
# as the shell waiter does. Everything happens inside one lambda: no constant, method, global or top-level local
# variable of this file is left where the program could see it, and nothing is required.
-> {
  me = __FILE__
  ready = "/kerat/out/.kerat-ready" # tells the daemon the interpreter is up; gone before the program runs
  begin
    File.open(ready, File::WRONLY | File::CREAT | File::EXCL, 0o644).close
  rescue SystemCallError
    nil # the daemon then hands over without waiting for it
  end
  loop do
    c = begin
      $stdin.sysread(1)
    rescue EOFError, SystemCallError
      exit!(1) # the daemon discarded this sandbox
    end
    break if c == "\n"
  end
  begin
    File.unlink(ready)
  rescue SystemCallError
    nil
  end
  fields = File.binread("/kerat/ctl/handover").split("\0", -1)
  fields.pop
  fields.each { |f| f.force_encoding(Encoding.default_external) }
  mode, cwd, limits, argc = fields[0], fields[1], fields[2], fields[3].to_i
  argv = fields[4, argc]
  env = {}
  fields.drop(4 + argc).each do |kv|
    k, v = kv.split("=", 2)
    env[k] = v || ""
  end

  # the stage's rlimits, hard and soft, as the shell waiter's `ulimit -H -S` line sets them (the sandbox started
  # with the language's maxima): processes, open files, file size in bytes
  begin
    nproc, nofile, fsize = limits.split.map { |x| Integer(x) }
    Process.setrlimit(:NPROC, nproc, nproc)
    Process.setrlimit(:NOFILE, nofile, nofile)
    Process.setrlimit(:FSIZE, fsize, fsize)
  rescue StandardError
    $stderr.syswrite("kerat: cannot apply the limits\n")
    exit!(125)
  end
  Dir.chdir(cwd)

  # the cold command, by execve: what the shell waiter's `exec` does (signal dispositions back to the defaults)
  cold = lambda do
    %w[PIPE XFSZ].each { |s| Signal.trap(s, "SYSTEM_DEFAULT") if Signal.list.key?(s) }
    begin
      exec(env, [argv[0], argv[0]], *argv.drop(1), unsetenv_others: true, close_others: false)
    rescue Errno::ENOENT
      $stderr.syswrite("kerat: #{argv[0]} not found in the image\n")
      exit!(127)
    rescue SystemCallError => e
      $stderr.syswrite("kerat: cannot run #{argv[0]}: #{e.message.sub(/ - .*\z/m, '')}\n")
      exit!(126)
    end
  end
  cold.() if mode != "run" || argc < 2

  path = argv[1]
  iseq = begin
    src = File.file?(path) ? File.binread(path) : nil
    shebang = src && src.start_with?("#!") && src[/\A[^\n]*/].include?("ruby")
    if src.nil? || shebang || src.match?(/^__END__\r?$/n)
      nil
    else
      # warnings the parser prints are kept and written only if the file compiles; else the cold interpreter
      # prints them itself
      err = $stderr
      buf = +""
      sink = Object.new
      sink.define_singleton_method(:write) { |*a| a.sum { |s| buf << s.to_s; s.to_s.bytesize } }
      $stderr = sink
      compiled = begin
        RubyVM::InstructionSequence.compile_file(path)
      rescue ScriptError, StandardError
        nil
      ensure
        $stderr = err
      end
      err.write(buf) if compiled && !buf.empty?
      compiled
    end
  rescue SystemCallError
    nil
  end
  cold.() if iseq.nil?

  # the process as `ruby <file> args...` started with this environment would have it
  ENV.replace(env)
  $0 = path
  ARGV.replace(argv.drop(2).map(&:freeze))
  fields = env = argv = src = buf = sink = err = limits = compiled = nil
  begin
    iseq.eval
  rescue SystemExit
    raise
  rescue Exception => e
    # the interpreter prints it and ends as a cold start would (1; by the signal for a SignalException), with a
    # backtrace without this file's frames
    c = e
    seen = {}
    while c && !seen[c]
      seen[c] = true
      bt = c.backtrace
      c.set_backtrace(bt.reject { |l| l.start_with?("#{me}:") }) if bt&.any? { |l| l.start_with?("#{me}:") }
      c = c.cause
    end
    raise e
  end
}.()
