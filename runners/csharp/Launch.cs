// Runs /kerat/build/main.exe in this process with a buffered Console.Out. Mono's Console.Out flushes on every
// write, and each write is a system call that costs tens of microseconds under gVisor (ptrace): 50 000
// Console.WriteLine calls took 2.9 s of CPU unbuffered. Output is flushed when Main returns, on
// Environment.Exit (ProcessExit) and before an unhandled exception is reported (as mono reports it, exit code 1,
// without the launcher's frames); stderr stays unbuffered.
using System;
using System.IO;
using System.Text;

static class KeratLaunch
{
    static void Flush()
    {
        try
        {
            Console.Out.Flush();
        }
        catch (Exception)
        {
            // stdout closed by the program: nothing left to save
        }
    }

    static int Main(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 65536);
        stdout.AutoFlush = false;
        Console.SetOut(stdout);
        AppDomain.CurrentDomain.ProcessExit += (s, e) => Flush();
        AppDomain.CurrentDomain.UnhandledException += (s, e) => Flush();
        var rest = new string[args.Length - 1];
        Array.Copy(args, 1, rest, 0, rest.Length);
        int rc;
        try
        {
            rc = AppDomain.CurrentDomain.ExecuteAssembly(args[0], rest);
        }
        catch (Exception e)
        {
            // report it as mono would, without this launcher's frames, then exit 1 as mono does
            while (e is System.Reflection.TargetInvocationException && e.InnerException != null)
            {
                e = e.InnerException;
            }
            Flush();
            var b = new StringBuilder("\nUnhandled Exception:\n");
            foreach (var line in e.ToString().Split('\n'))
            {
                if (line.Contains("System.AppDomain.ExecuteAssembly") || line.Contains("KeratLaunch."))
                {
                    continue;
                }
                b.Append(line).Append('\n');
            }
            Console.Error.Write(b.ToString());
            Console.Error.Flush();
            Environment.Exit(1);
            return 1;
        }
        Flush();
        return rc;
    }
}
