# Kerat's Perl test harness (tests mode). See README.md beside this file.
#
# Checks every submitted .pl/.pm/.t file with `perl -c` (a failure is {"event":"compile_error"} with perl's
# message), then runs each test file (*.t) in its own perl, as prove does, with Kerat::TAP loaded first: that module
# sends Test::Builder's TAP (ok/not ok lines and diagnostics) into a pipe that only this harness reads, so what the
# tested code prints to STDOUT/STDERR goes to the run's stdout/stderr and can never pass for a result. TAP::Parser
# reads the pipe; each test's result is appended to /kerat/out/results.jsonl as soon as its diagnostics are in (the
# next test line or the end of the stream); at the end the file is rewritten atomically with {"event":"done"}.
use strict;
use warnings;
use JSON::PP ();
use POSIX ();
use TAP::Parser ();
use TAP::Parser::Iterator::Stream ();
use Time::HiRes ();

my $OUT_DIR = $ENV{KERAT_OUT_DIR} // '/kerat/out';
my $RESULTS = "$OUT_DIR/results.jsonl";
my $RUNNER = $ENV{KERAT_RUNNER_DIR} // '/kerat/runner';
my $MAX_FIELD = 64 * 1024;
my $JSON = JSON::PP->new->canonical->utf8(0);
my @entries;
my %seen;

open(my $out, '>>', $RESULTS) or die "kerat: cannot write $RESULTS: $!\n";
truncate($out, 0);
$out->autoflush(1);

sub text {
    my ($s) = @_;
    return undef unless defined $s;
    utf8::decode($s) unless utf8::is_utf8($s);
    $s = substr($s, 0, $MAX_FIELD) . "\n... (truncated)" if length($s) > $MAX_FIELD;
    return $s;
}

sub line {
    my ($e) = @_;
    my $j = $JSON->encode($e);
    utf8::encode($j);
    return "$j\n";
}

sub add {
    my ($e) = @_;
    for my $k (qw(name message stack_trace)) {
        $e->{$k} = text($e->{$k}) if defined $e->{$k};
    }
    if (defined $e->{name}) { # names are unique: a repeated one gets " (2)", " (3)", ...
        my $n = ++$seen{$e->{name}};
        $e->{name} .= " ($n)" if $n > 1;
    }
    push @entries, $e;
    print {$out} line($e);
}

sub finish {
    my $tmp = "$OUT_DIR/.results-$$.tmp";
    open(my $fh, '>', $tmp) or die "kerat: cannot write $tmp: $!\n";
    print {$fh} line($_) for @entries, {event => 'done'};
    close($fh) or die "kerat: cannot write $tmp: $!\n";
    rename($tmp, $RESULTS) or die "kerat: cannot rename $tmp: $!\n";
}

sub split_list { grep { length } split /:/, ($_[0] // '') }

my $WS = $ENV{KERAT_WORKSPACE} // '/workspace';
chdir($WS) or die "kerat: cannot enter $WS: $!\n";
my @sources = split_list($ENV{KERAT_SOURCE_FILES});
my @tests = split_list($ENV{KERAT_TEST_FILES});
my @inc = map { "-I$WS$_" } ('', '/lib', '/t/lib', '/t');

# the syntax check: perl -c on every Perl file that was sent (sources first)
for my $f (grep { /\.(pl|pm|t)\z/ } @sources, @tests) {
    my $pid = open(my $fh, '-|') // die "kerat: cannot fork: $!\n";
    if (!$pid) {
        open(STDERR, '>&', \*STDOUT);
        exec($^X, @inc, '-c', $f) or POSIX::_exit(127);
    }
    my $msg = do { local $/; <$fh> } // '';
    close($fh);
    if ($? != 0) {
        $msg =~ s/^\Q$f\E syntax OK\n//m;
        add({event => 'compile_error', message => text($msg eq '' ? "perl -c $f failed" : $msg)});
        finish();
        exit 1;
    }
}

my @files = grep { /\.t\z/ } @tests;
@files = grep { /\.(pl)\z/ } @tests unless @files;
if (!@files) {
    add({event => 'compile_error', message => 'no test files: expected Test::More test files named *.t'});
    finish();
    exit 1;
}

# one entry from a TAP test line and the diagnostics that followed it
sub entry {
    my ($file, $t, $diag, $ms) = @_;
    my $desc = $t->description // '';
    $desc =~ s/^\s*-\s*//;
    $desc =~ s/\s+\z//;
    $desc =~ s/\\#/#/g;
    my $name = $desc ne '' ? $desc : "$file test " . $t->number;
    my $e = {name => $name, duration_ms => $ms};
    my $why = $t->explanation;
    $why = undef if defined $why && $why eq '';
    if ($t->has_skip) {
        @$e{qw(status message)} = ('skipped', $why);
    } elsif ($t->has_todo) {
        # TODO: an expected failure is skipped, a TODO test that passed counts as passed
        @$e{qw(status message)} = $t->is_actual_ok ? ('passed', undef) : ('skipped', 'TODO' . (defined $why ? ": $why" : ''));
    } elsif ($t->is_ok) {
        $e->{status} = 'passed';
    } else {
        $e->{status} = 'failed';
        my (@msg, @where);
        for my $d (@$diag) {
            if ($d =~ /^\s*Failed (?:\(TODO\) )?test\b/) {
                push @where, "$1:$2" if $d =~ / at (.+) line (\d+)\.?\s*\z/;
                next;
            }
            if ($d =~ /^\s*(?:at|in) (.+) line (\d+)\.?\s*\z/) { push @where, "$1:$2"; next }
            push @msg, $d;
        }
        # Test::More indents got/expected to line up after "#   Failed test": drop the common indentation
        my ($indent) = sort { $a <=> $b } map { /^( *)\S/ ? length($1) : () } @msg;
        s/^ {$indent}// for @msg;
        $e->{message} = text(@msg ? join("\n", @msg) : "Failed test '$name'");
        $e->{stack_trace} = text(join("\n", @where)) if @where;
    }
    return $e;
}

for my $file (@files) {
    my $first = @entries;
    pipe(my $r, my $w) or die "kerat: cannot make a pipe: $!\n";
    my $started = Time::HiRes::time();
    my $pid = fork() // die "kerat: cannot fork: $!\n";
    if (!$pid) {
        close($r);
        close($out);
        my $fd = fileno($w);
        # the write end stays open across exec (perl sets close-on-exec on fds above $^F)
        my $flags = fcntl($w, POSIX::F_GETFD(), 0);
        fcntl($w, POSIX::F_SETFD(), $flags & ~POSIX::FD_CLOEXEC());
        $ENV{KERAT_TAP_FD} = $fd;
        exec($^X, "-I$RUNNER/lib", @inc, '-MKerat::TAP', $file) or POSIX::_exit(127);
    }
    close($w);
    my $parser = TAP::Parser->new({iterator => TAP::Parser::Iterator::Stream->new($r)});
    my ($pending, @diag, $last);
    $last = $started;
    my $flush = sub {
        return unless $pending;
        add(entry($file, $pending->[0], \@diag, $pending->[1]));
        $pending = undef;
        @diag = ();
    };
    my ($tests_run, $skip_all) = (0, undef);
    while (defined(my $res = $parser->next)) {
        if ($res->is_test) {
            $flush->();
            my $now = Time::HiRes::time();
            $pending = [$res, int(($now - $last) * 1000)];
            $last = $now;
            $tests_run++;
        } elsif ($res->is_comment) {
            (my $c = $res->as_string) =~ s/^#\s?//;
            push @diag, $c if $pending;
        } elsif ($res->is_plan && $res->directive eq 'SKIP') {
            $skip_all = $res->explanation;
        } elsif ($res->is_bailout) {
            $flush->();
            add({name => "$file: bail out", status => 'errored', message => text($res->explanation // 'Bail out!'),
                 duration_ms => 0});
        }
    }
    $flush->();
    close($r);
    waitpid($pid, 0);
    my $status = $?;
    my ($sig, $code) = ($status & 127, $status >> 8);
    if (defined $skip_all && $tests_run == 0) {
        add({name => $file, status => 'skipped', message => text($skip_all eq '' ? undef : $skip_all), duration_ms => 0});
        next;
    }
    my $failed = grep { $_->{status} eq 'failed' } @entries[$first .. $#entries];
    my $planned = $parser->tests_planned;
    if (($sig || $code != 0) && !(!$sig && $code == $failed && $tests_run > 0 && (!defined $planned || $planned == $tests_run))) {
        # died, was killed, or exited with a status its failures do not explain
        my $how = $sig ? "was killed by signal $sig" : "exited with code $code";
        add({name => $file, status => 'errored', duration_ms => 0,
             message => "the test program $how after $tests_run test" . ($tests_run == 1 ? '' : 's') . ' (see stderr)'});
    } elsif (defined $planned && $planned != $tests_run) {
        add({name => $file, status => 'errored', duration_ms => 0,
             message => "planned $planned tests but ran $tests_run"});
    } elsif (!defined $planned && $tests_run > 0) {
        add({name => $file, status => 'errored', duration_ms => 0,
             message => 'no plan: the test program ended without done_testing() or a plan'});
    } elsif ($tests_run == 0) {
        add({name => $file, status => 'errored', duration_ms => 0, message => 'the test program ran no tests'});
    }
}
finish();
exit 0;
