package io.kerat.execution;

import io.kerat.config.Limits;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.CancelToken;
import io.kerat.sandbox.SandboxResult;
import io.kerat.sandbox.Termination;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One case of an interactive problem: the solution and the interactor run at the same time in two sandboxes of
 * their own, joined by host pipes ({@link HostPipe}: solution stdout to interactor stdin and back). The interactor
 * gets the case's input as the file {@code input} (and {@code answer}, the case's expected output, when given) and
 * is run as {@code interactor input output [answer]}, as testlib interactors expect.
 * <p>
 * Either side ending gives the other end of file. A solution that crashed or broke a limit also kills the
 * interactor (its verdict wins); an interactor that finished leaves the solution {@link #EXIT_GRACE_MS} to exit,
 * then kills it. A deadlock ends at the solution's wall limit ({@code time_limit}, "idle"): the interactor's wall
 * limit is raised to outlast the solution's, so that a deadlock is never blamed on the interactor.
 */
final class Interaction {
    static final long EXIT_GRACE_MS = 1000;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kerat-interaction-timer");
        t.setDaemon(true);
        return t;
    });

    private final Stages stages;

    Interaction(Stages stages) {
        this.stages = stages;
    }

    CaseResult run(Job job, int index, TestCase tc, Limits runLimits, Path build, CheckerRunner.Prepared interactor)
            throws IOException {
        HostPipe toInteractor = new HostPipe();
        HostPipe toSolution = new HostPipe();
        CancelToken solutionCancel = new CancelToken();
        CancelToken interactorCancel = new CancelToken();
        job.cancel().onCancel(() -> {
            solutionCancel.cancel();
            interactorCancel.cancel();
        });
        AtomicBoolean solutionEnded = new AtomicBoolean();
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean interactorEnded = new AtomicBoolean();
        AtomicBoolean interactorFirst = new AtomicBoolean();

        AtomicBoolean solutionJudged = new AtomicBoolean();
        InteractionSide solutionSide = new InteractionSide(toSolution, toInteractor, () -> solutionEnded.set(true),
                res -> {
                    solutionEnded.set(true);
                    if (solutionJudged.compareAndSet(false, true) && !exitedCleanly(res)) {
                        interactorCancel.cancel(); // the solution's verdict wins: nothing left to judge
                    }
                });
        Runnable interactorGone = () -> {
            if (interactorEnded.compareAndSet(false, true)) {
                interactorFirst.set(!solutionEnded.get());
                TIMER.schedule(() -> {
                    if (!solutionEnded.get()) {
                        stopped.set(true);
                        solutionCancel.cancel();
                    }
                }, EXIT_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        };
        InteractionSide interactorSide = new InteractionSide(toInteractor, toSolution, interactorGone,
                res -> interactorGone.run());

        RunnerDef r = job.runner();
        List<SourceFile> files = job.request().files();
        if (!tc.files().isEmpty()) {
            files = new ArrayList<>(files);
            files.addAll(tc.files());
        }
        Job solutionJob = new Job(job.id(), job.dir(), r, job.image(), job.request().withStreams(solutionSide),
                solutionCancel, job.trace(), job.compile());
        Job ij = interactor.job();
        Job interactorJob = new Job(ij.id(), ij.dir(), ij.runner(), ij.image(), ij.request().withStreams(interactorSide),
                interactorCancel, ij.trace(), ij.compile());

        List<SourceFile> iFiles = new ArrayList<>(interactor.program().files());
        iFiles.add(new SourceFile("input", tc.stdin() == null ? new byte[0] : tc.stdin()));
        List<String> iArgs = new ArrayList<>(List.of("input", "output"));
        if (tc.expectedOutput() != null) {
            iFiles.add(new SourceFile("answer", tc.expectedOutput().getBytes(StandardCharsets.UTF_8)));
            iArgs.add("answer");
        }
        Limits iLimits = interactor.limits();
        long minWall = runLimits.wallTimeMs() + 2 * EXIT_GRACE_MS;
        if (iLimits.wallTimeMs() < minWall) {
            iLimits = iLimits.withWallTimeMs(minWall);
        }
        Limits interactorLimits = iLimits;
        RunnerDef ir = ij.runner();
        FutureTask<Stage> interactorRun = new FutureTask<>(() -> {
            try {
                return stages.run(interactorJob, "interactor" + index, ir.run().argv(), iArgs, ir.run().env(),
                        interactorLimits, iFiles, null, interactor.build(), false);
            } finally {
                interactorSide.ended(null);
            }
        });
        Thread t = new Thread(interactorRun, "kerat-interactor-" + job.id() + "-" + index);
        t.setDaemon(true);
        t.start();

        Stage solution = null;
        Stage inter = null;
        try {
            try {
                solution = stages.run(solutionJob, "case" + index, r.run().argv(), job.request().args(), r.run().env(),
                        runLimits, files, null, build, false);
            } finally {
                solutionSide.ended(null);
            }
            inter = await(interactorRun);
        } catch (IOException | RuntimeException e) {
            interactorCancel.cancel();
            Stage other = awaitQuietly(interactorRun);
            if (other != null) {
                Stages.closeQuietly(other.dir());
            }
            throw e;
        } finally {
            if (solution != null) {
                Stages.closeQuietly(solution.dir());
            }
            if (inter != null) {
                Stages.closeQuietly(inter.dir());
            }
        }
        StageResult ires = job.cancel().isCancelled() && inter.result().status() == Status.CANCELLED ? null : inter.result();
        InteractionVerdict.Decided d = InteractionVerdict.decide(solution.result(), stopped.get(), interactorFirst.get(),
                ires, EXIT_GRACE_MS);
        boolean passed = d.outcome().verdict() == io.kerat.judging.Verdict.ACCEPTED && d.outcome().points() >= 1;
        return new CaseResult(d.run(), passed, null, d.outcome().verdict(), d.outcome().points(), d.outcome().message());
    }

    private static Stage await(FutureTask<Stage> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the interactor", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    private static Stage awaitQuietly(FutureTask<Stage> f) {
        try {
            return await(f);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean exitedCleanly(SandboxResult r) {
        return r != null && r.termination() == Termination.EXITED && r.exitCode() != null && r.exitCode() == 0;
    }
}
