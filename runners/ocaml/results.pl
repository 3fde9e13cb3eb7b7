# OUnit2's verbose log (-output-file; read from stdin) -> Kerat results, one JSON object a line. Runs with
# perl-base alone (every Debian image has it; no JSON module needed). Each test is printed as soon as its "End test"
# line arrives (test-run.sh follows the log with it while the tests run, then converts the whole log once more); the
# log's "Summary" (OUnit's repetition of every result) ends the reading. test-run.sh adds {"event":"done"}.
#
# Log lines: "<time> <shard> <I|W|E>: <text>". Per test: "Start test P.", its result ("Test P is successful.",
# "Test P has failed." / "Test P exited with an error." followed by "<message> in test P." and a backtrace, "Skip
# test P: <why>.", "TODO test P: <why>.", "Test P timed out after Ns"), "End test P.".
use strict;
use warnings;

my $MAX = 64 * 1024;
$| = 1;

sub js {
    my ($s) = @_;
    return 'null' unless defined $s;
    $s = substr($s, 0, $MAX) . "\n... (truncated)" if length($s) > $MAX;
    $s =~ s/([\\"])/\\$1/g;
    $s =~ s/\n/\\n/g;
    $s =~ s/\r/\\r/g;
    $s =~ s/\t/\\t/g;
    $s =~ s/([\x00-\x1f])/sprintf('\\u%04x', ord($1))/ge;
    return qq("$s");
}

sub secs {
    my ($t) = @_;
    return undef unless defined $t && $t =~ /T(\d+):(\d+):(\d+(?:\.\d+)?)/;
    return $1 * 3600 + $2 * 60 + $3;
}

my (%seen, $cur, @lines, $start);
my $emit = sub {
    my ($path, $end) = @_;
    my ($status, $why, @msg, @trace);
    my $phase = 0; # 0 before the result, 1 in the message, 2 in the backtrace
    for my $l (@lines) {
        my $t = $l->[1];
        if ($phase == 0) {
            if ($t eq "Test $path is successful.") { $status = 'passed' }
            elsif ($t eq "Test $path has failed.") { $status = 'failed'; $phase = 1 }
            elsif ($t eq "Test $path exited with an error.") { $status = 'errored'; $phase = 1 }
            elsif ($t =~ /^Skip test \Q$path\E: (.*)\.\z/s) { ($status, $why) = ('skipped', $1) }
            elsif ($t =~ /^TODO test \Q$path\E: (.*)\.\z/s) { ($status, $why) = ('skipped', "TODO: $1") }
            elsif ($t =~ /^Test \Q$path\E (timed out after .*)\z/s) { ($status, $why) = ('errored', "the test $1") }
        } elsif ($phase == 1) {
            if ($t =~ /^(.*) in test \Q$path\E\.\z/s) { push @msg, $1; $phase = 2 }
            else { push @msg, $t }
        } elsif ($t ne '' && $t !~ m{"src/lib/ounit2/}) {
            push @trace, $t; # the backtrace, without OUnit's own frames
        }
    }
    return unless defined $status;
    $why = join("\n", @msg) if @msg;
    my ($a, $b) = (secs($start), secs($end));
    my $ms = defined $a && defined $b ? int((($b - $a) + ($b < $a ? 86400 : 0)) * 1000 + 0.5) : 0;
    my $name = $path;
    my $n = ++$seen{$name};
    $name .= " ($n)" if $n > 1;
    print '{"name":', js($name), ',"status":"', $status, '","message":', js($why), ',"stack_trace":',
        js(@trace ? join("\n", @trace) : undef), ',"duration_ms":', $ms, "}\n";
};

while (my $line = <STDIN>) {
    chomp $line;
    next unless $line =~ /^(\S+) \S+ ([IWE]): (.*)\z/s;
    my ($time, $text) = ($1, $3);
    last if $text eq 'Summary:';
    if ($text =~ /^Start test (.*)\.\z/s) {
        $cur = $1;
        @lines = ();
        $start = $time;
    } elsif (defined $cur && $text eq "End test $cur.") {
        $emit->($cur, $time);
        $cur = undef;
        @lines = ();
    } elsif (defined $cur) {
        push @lines, [$time, $text];
    }
}
