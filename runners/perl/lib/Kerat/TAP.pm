package Kerat::TAP;
# Loaded with -M before a test file runs (tests mode, see ../../README.md). Points Test::Builder's output, failure
# output and todo output at the pipe the harness gave this process (fd $KERAT_TAP_FD) and closes that fd number:
# the TAP stream then reaches the harness through a handle of its own (close-on-exec, so a child program does not
# inherit it), and nothing the tested code prints to STDOUT or STDERR can add a line to it.
use strict;
use warnings;
use Test::Builder ();

BEGIN {
    my $fd = delete $ENV{KERAT_TAP_FD};
    if (defined $fd && $fd =~ /\A[0-9]+\z/) {
        open(my $tap, '>&', $fd) or die "kerat: cannot open the TAP channel: $!\n";
        POSIX::close($fd) if eval { require POSIX; 1 };
        binmode($tap, ':raw');
        $tap->autoflush(1);
        my $tb = Test::Builder->new;
        $tb->output($tap);
        $tb->failure_output($tap);
        $tb->todo_output($tap);
    }
}

1;
