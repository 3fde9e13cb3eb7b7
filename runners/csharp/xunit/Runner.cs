// Kerat's reflection-based runner for the xUnit subset in Xunit.cs. Compiled into the same assembly as the
// submitted sources and tests (mcs -main:KeratXunit.Runner), it runs every [Fact] and every [Theory] data row
// and writes one JSON line per test to the results file (args[0], default /kerat/out/results.jsonl), then
// {"event":"done"}. Test names are Class.Method (the class without its namespace; nested classes Outer.Inner);
// theory rows are Class.Method(a: 1, b: "x") like xUnit's display names. An assertion failure (XunitException)
// is "failed", any other exception "errored", Skip = "skipped". The tests' own Console output goes to stdout.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KeratXunit
{
    sealed class OutputHelper : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
            Console.WriteLine(message);
        }

        public void WriteLine(string format, params object[] args)
        {
            Console.WriteLine(format, args);
        }
    }

    /// <summary>The output helper that TestContext.Current.TestOutputHelper hands out.</summary>
    public static class Output
    {
        public static readonly ITestOutputHelper Helper = new OutputHelper();
    }

    public static class Runner
    {
        static TextWriter results;
        static readonly StringBuilder written = new StringBuilder();

        public static int Main(string[] args)
        {
            Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
            // the tests are a library compiled against this executable (KeratXunit.exe tests.dll results.jsonl), or
            // (older layout) compiled into it
            Assembly tests = Assembly.GetExecutingAssembly();
            if (args.Length > 0 && (args[0].EndsWith(".dll", StringComparison.Ordinal) || args[0].EndsWith(".exe", StringComparison.Ordinal)))
            {
                var self = tests;
                AppDomain.CurrentDomain.AssemblyResolve += (sender, e) => new AssemblyName(e.Name).Name == self.GetName().Name ? self : null;
                tests = Assembly.LoadFrom(args[0]);
                args = args.Skip(1).ToArray();
            }
            string path = args.Length > 0 ? args[0] : "/kerat/out/results.jsonl";
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                results = new StreamWriter(stream, new UTF8Encoding(false));
                Type[] all;
                try
                {
                    all = tests.GetTypes();
                }
                catch (ReflectionTypeLoadException e)
                {
                    all = e.Types.Where(t => t != null).ToArray();
                }
                var classes = all
                    .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && !IsOurs(t))
                    .OrderBy(t => t.FullName, StringComparer.Ordinal);
                foreach (var type in classes)
                {
                    RunClass(type);
                }
                Line("{\"event\":\"done\"}");
            }
            // Lines were appended as tests finished (a killed run still shows what finished); now rewrite the
            // file from memory, which drops anything the tested code wrote there, whatever it did to the file.
            string tmp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)), ".results-" + Process.GetCurrentProcess().Id + ".tmp");
            File.WriteAllText(tmp, written.ToString(), new UTF8Encoding(false));
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            File.Move(tmp, path);
            Console.Out.Flush();
            // threads or timers the code under test left behind must not keep the run alive
            Environment.Exit(0);
            return 0;
        }

        static bool IsOurs(Type t)
        {
            string ns = t.Namespace ?? "";
            return ns == "Xunit" || ns.StartsWith("Xunit.", StringComparison.Ordinal) || ns == "KeratXunit"
                   || ns == "FsCheck" || ns.StartsWith("FsCheck.", StringComparison.Ordinal) || ns == "Exercism.Tests";
        }

        static List<MethodInfo> TestMethods(Type type)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
            var methods = new List<MethodInfo>();
            // base classes first, each in declaration order
            var chain = new List<Type>();
            for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                chain.Insert(0, t);
            }
            var seen = new HashSet<string>();
            foreach (var t in chain)
            {
                foreach (var m in t.GetMethods(flags | BindingFlags.DeclaredOnly).OrderBy(m => m.MetadataToken))
                {
                    if (m.GetCustomAttributes(typeof(FactAttribute), true).Length > 0 && seen.Add(m.Name + "/" + m.MetadataToken))
                    {
                        methods.Add(m);
                    }
                }
            }
            return methods;
        }

        static void RunClass(Type type)
        {
            var methods = TestMethods(type);
            if (methods.Count == 0)
            {
                return;
            }
            var fixtures = new Dictionary<Type, object>();
            try
            {
                foreach (var method in methods)
                {
                    RunMethod(type, method, fixtures);
                }
            }
            finally
            {
                foreach (var f in fixtures.Values)
                {
                    var d = f as IDisposable;
                    if (d != null)
                    {
                        try
                        {
                            d.Dispose();
                        }
                        catch (Exception)
                        {
                            // a fixture's clean-up failing does not change the tests' results
                        }
                    }
                }
            }
        }

        static string ClassName(Type type)
        {
            var parts = new List<string>();
            for (Type t = type; t != null; t = t.DeclaringType)
            {
                string n = t.Name;
                int tick = n.IndexOf('`');
                parts.Insert(0, tick >= 0 ? n.Substring(0, tick) : n);
            }
            return string.Join(".", parts);
        }

        static void RunMethod(Type type, MethodInfo method, Dictionary<Type, object> fixtures)
        {
            var fact = (FactAttribute)method.GetCustomAttributes(typeof(FactAttribute), true)[0];
            string baseName = !string.IsNullOrEmpty(fact.DisplayName) ? fact.DisplayName : ClassName(type) + "." + method.Name;
            if (!string.IsNullOrEmpty(fact.Skip))
            {
                Report(baseName, "skipped", fact.Skip, null, 0);
                return;
            }
            if (fact.Explicit)
            {
                Report(baseName, "skipped", "explicit test (run only on request)", null, 0);
                return;
            }
            if (fact is FsCheck.Xunit.PropertyAttribute)
            {
                RunOne(baseName, type, method, null, fixtures, fact);
                return;
            }
            if (!(fact is TheoryAttribute))
            {
                if (method.GetParameters().Length > 0)
                {
                    Report(baseName, "errored", "[Fact] methods are not allowed to have parameters. Did you mean to use [Theory]?", null, 0);
                    return;
                }
                RunOne(baseName, type, method, new object[0], fixtures);
                return;
            }
            var dataAttributes = method.GetCustomAttributes(typeof(DataAttribute), true).Cast<DataAttribute>().ToList();
            int rows = 0;
            foreach (var data in dataAttributes)
            {
                IEnumerable<object[]> source;
                List<object[]> list;
                try
                {
                    source = data.GetData(method);
                    list = source.ToList();
                }
                catch (Exception e)
                {
                    e = Unwrap(e);
                    Report(baseName, "errored", "could not get the theory data: " + e.GetType().FullName + ": " + e.Message, Trace(e), 0);
                    rows++;
                    continue;
                }
                foreach (var row in list)
                {
                    rows++;
                    object[] converted;
                    string error;
                    if (!Convert(method, row ?? new object[] { null }, out converted, out error))
                    {
                        Report(baseName + "(" + FormatArgs(method, row ?? new object[] { null }) + ")", "errored", error, null, 0);
                        continue;
                    }
                    string name = baseName + "(" + FormatArgs(method, converted) + ")";
                    if (!string.IsNullOrEmpty(data.Skip))
                    {
                        Report(name, "skipped", data.Skip, null, 0);
                        continue;
                    }
                    RunOne(name, type, method, converted, fixtures);
                }
            }
            if (rows == 0)
            {
                Report(baseName, "errored", "No data found for " + ClassName(type) + "." + method.Name, null, 0);
            }
        }

        static string FormatArgs(MethodInfo method, object[] args)
        {
            var ps = method.GetParameters();
            var parts = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string label = i < ps.Length ? ps[i].Name : "???";
                parts.Add(label + ": " + ArgumentFormatter.Format(args[i]));
            }
            return string.Join(", ", parts);
        }

        /// <summary>Matches a data row to the parameters: conversions, optional parameters, params arrays.</summary>
        static bool Convert(MethodInfo method, object[] row, out object[] result, out string error)
        {
            var ps = method.GetParameters();
            result = null;
            error = null;
            var values = new List<object>(row);
            if (ps.Length > 0 && ps[ps.Length - 1].GetCustomAttributes(typeof(ParamArrayAttribute), false).Length > 0)
            {
                var last = ps[ps.Length - 1];
                bool alreadyArray = values.Count == ps.Length && (values[ps.Length - 1] == null
                                    || last.ParameterType.IsInstanceOfType(values[ps.Length - 1]));
                if (!alreadyArray && values.Count >= ps.Length - 1)
                {
                    var elementType = last.ParameterType.GetElementType();
                    int n = values.Count - (ps.Length - 1);
                    var array = Array.CreateInstance(elementType, n);
                    for (int i = 0; i < n; i++)
                    {
                        object v;
                        if (!ConvertValue(values[ps.Length - 1 + i], elementType, out v))
                        {
                            error = "cannot convert " + ArgumentFormatter.Format(values[ps.Length - 1 + i]) + " to " + elementType.Name;
                            return false;
                        }
                        array.SetValue(v, i);
                    }
                    values = values.Take(ps.Length - 1).ToList();
                    values.Add(array);
                }
            }
            for (int i = values.Count; i < ps.Length && ps[i].IsOptional; i++)
            {
                values.Add(ps[i].DefaultValue is DBNull ? null : ps[i].DefaultValue);
            }
            if (values.Count != ps.Length)
            {
                error = "The test method expected " + ps.Length + " parameter value" + (ps.Length == 1 ? "" : "s")
                        + ", but " + row.Length + " parameter value" + (row.Length == 1 ? " was" : "s were") + " provided.";
                return false;
            }
            result = new object[ps.Length];
            for (int i = 0; i < ps.Length; i++)
            {
                object v;
                if (!ConvertValue(values[i], ps[i].ParameterType, out v))
                {
                    error = "Object of type '" + values[i].GetType().FullName + "' cannot be converted to type '"
                            + ps[i].ParameterType.FullName + "' (parameter " + ps[i].Name + ")";
                    return false;
                }
                result[i] = v;
            }
            return true;
        }

        static bool ConvertValue(object value, Type target, out object converted)
        {
            converted = value;
            if (target.IsByRef)
            {
                target = target.GetElementType();
            }
            if (value == null)
            {
                return !target.IsValueType || Nullable.GetUnderlyingType(target) != null;
            }
            if (target.IsInstanceOfType(value))
            {
                return true;
            }
            Type underlying = Nullable.GetUnderlyingType(target) ?? target;
            try
            {
                if (underlying.IsEnum)
                {
                    converted = value is string ? Enum.Parse(underlying, (string)value) : Enum.ToObject(underlying, value);
                    return true;
                }
                if (underlying == typeof(Guid) && value is string)
                {
                    converted = new Guid((string)value);
                    return true;
                }
                if (underlying == typeof(DateTime) && value is string)
                {
                    converted = DateTime.Parse((string)value, CultureInfo.InvariantCulture);
                    return true;
                }
                if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(underlying))
                {
                    converted = System.Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture);
                    return true;
                }
            }
            catch (Exception)
            {
                return false;
            }
            return false;
        }

        static object Instance(Type type, Dictionary<Type, object> fixtures)
        {
            var ctors = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .OrderBy(c => c.IsPublic ? 0 : 1).ThenByDescending(c => c.GetParameters().Length).ToList();
            if (ctors.Count == 0)
            {
                return null;
            }
            var ctor = ctors[0];
            var args = new List<object>();
            foreach (var p in ctor.GetParameters())
            {
                if (p.ParameterType == typeof(ITestOutputHelper))
                {
                    args.Add(Output.Helper);
                    continue;
                }
                object f;
                if (!fixtures.TryGetValue(p.ParameterType, out f))
                {
                    f = Activator.CreateInstance(p.ParameterType, true);
                    fixtures[p.ParameterType] = f;
                }
                args.Add(f);
            }
            return ctor.Invoke(args.ToArray());
        }

        static void RunOne(string name, Type type, MethodInfo method, object[] args, Dictionary<Type, object> fixtures,
                           Attribute property = null)
        {
            var watch = Stopwatch.StartNew();
            object instance = null;
            Exception failure = null;
            try
            {
                if (!method.IsStatic || type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Length > 0)
                {
                    if (!(type.IsAbstract && type.IsSealed))
                    {
                        instance = Instance(type, fixtures);
                    }
                }
                var lifetime = instance as IAsyncLifetime;
                if (lifetime != null)
                {
                    lifetime.InitializeAsync().GetAwaiter().GetResult();
                }
                if (property != null)
                {
                    Exception thrown;
                    string falsified = PropertyRunner.Run(property, instance, method, out thrown);
                    if (falsified != null)
                    {
                        throw thrown is SkipException ? thrown : new XunitException(falsified);
                    }
                }
                else
                {
                    object returned = method.Invoke(method.IsStatic ? null : instance, args);
                    var task = returned as Task;
                    if (task != null)
                    {
                        task.GetAwaiter().GetResult();
                    }
                }
            }
            catch (Exception e)
            {
                failure = Unwrap(e);
            }
            finally
            {
                try
                {
                    var lifetime = instance as IAsyncLifetime;
                    if (lifetime != null)
                    {
                        lifetime.DisposeAsync().GetAwaiter().GetResult();
                    }
                    var disposable = instance as IDisposable;
                    if (disposable != null)
                    {
                        disposable.Dispose();
                    }
                }
                catch (Exception e)
                {
                    if (failure == null)
                    {
                        failure = Unwrap(e);
                    }
                }
            }
            long ms = watch.ElapsedMilliseconds;
            if (failure == null)
            {
                Report(name, "passed", null, null, ms);
            }
            else if (failure is SkipException)
            {
                Report(name, "skipped", failure.Message, null, ms);
            }
            else if (failure is XunitException)
            {
                Report(name, "failed", failure.Message, Trace(failure), ms);
            }
            else
            {
                Report(name, "errored", failure.GetType().FullName + ": " + failure.Message, Trace(failure), ms);
            }
        }

        static Exception Unwrap(Exception e)
        {
            while ((e is TargetInvocationException || e is AggregateException) && e.InnerException != null)
            {
                var agg = e as AggregateException;
                if (agg != null && agg.InnerExceptions.Count != 1)
                {
                    break;
                }
                e = e.InnerException;
            }
            return e;
        }

        /// <summary>The exception and its stack, without the frames of the assertions and of this runner.</summary>
        static string Trace(Exception e)
        {
            var b = new StringBuilder();
            b.Append(e.GetType().FullName).Append(": ").Append(e.Message).Append('\n');
            if (e.StackTrace != null)
            {
                foreach (var line in e.StackTrace.Split('\n'))
                {
                    string l = line.TrimEnd('\r');
                    string s = l.Trim();
                    if (s.StartsWith("at Xunit.", StringComparison.Ordinal) || s.StartsWith("at KeratXunit.", StringComparison.Ordinal) || s.StartsWith("at FsCheck.", StringComparison.Ordinal)
                        || s.StartsWith("at System.Reflection.", StringComparison.Ordinal) || s.StartsWith("at (wrapper", StringComparison.Ordinal)
                        || s.StartsWith("at System.Runtime.", StringComparison.Ordinal) || s.StartsWith("at System.Threading.", StringComparison.Ordinal)
                        || s.StartsWith("---", StringComparison.Ordinal) || s.Length == 0)
                    {
                        continue;
                    }
                    b.Append(l).Append('\n');
                    if (b.Length > 16000)
                    {
                        b.Append("  ...\n");
                        break;
                    }
                }
            }
            if (e.InnerException != null && !(e is XunitException && e is ThrowsException == false))
            {
                b.Append("---> ").Append(e.InnerException.GetType().FullName).Append(": ").Append(e.InnerException.Message).Append('\n');
            }
            return b.ToString();
        }

        static void Report(string name, string status, string message, string trace, long ms)
        {
            var b = new StringBuilder("{\"name\":").Append(Json(name)).Append(",\"status\":").Append(Json(status));
            if (message != null)
            {
                b.Append(",\"message\":").Append(Json(message));
            }
            if (trace != null)
            {
                b.Append(",\"stack_trace\":").Append(Json(trace));
            }
            b.Append(",\"duration_ms\":").Append(ms.ToString(CultureInfo.InvariantCulture)).Append('}');
            Line(b.ToString());
        }

        static void Line(string s)
        {
            written.Append(s).Append('\n');
            try
            {
                results.Write(s);
                results.Write('\n');
                results.Flush();
            }
            catch (Exception)
            {
                // the tested code broke our stream: the final rewrite still has every line
            }
        }

        static string Json(string s)
        {
            var b = new StringBuilder(s.Length + 2).Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                switch (c)
                {
                    case '"': b.Append("\\\""); break;
                    case '\\': b.Append("\\\\"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\r': b.Append("\\r"); break;
                    case '\t': b.Append("\\t"); break;
                    default:
                        bool lone = char.IsHighSurrogate(c) ? !(i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                                    : char.IsLowSurrogate(c) && !(i > 0 && char.IsHighSurrogate(s[i - 1]));
                        if (c < 0x20 || lone)
                        {
                            b.Append("\\u").Append(((int)c).ToString("x4"));
                        }
                        else
                        {
                            b.Append(c);
                        }
                        break;
                }
            }
            return b.Append('"').ToString();
        }
    }
}
