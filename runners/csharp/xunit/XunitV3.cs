// More of xUnit for Kerat's subset (compiled with Xunit.cs): what xUnit v3 suites use (TestContext, Assert.Skip*),
// Assert.Equivalent/Multiple/Distinct, and Exercism's [Task] attribute (package Exercism.Tests). Written for mcs.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Xunit
{
    /// <summary>Thrown by Assert.Skip*: the runner reports the test as skipped with this reason.</summary>
    public class SkipException : Exception
    {
        public SkipException(string reason) : base(reason) { }

        public static SkipException ForSkip(string reason)
        {
            return new SkipException(reason);
        }
    }

    /// <summary>xUnit v3's ambient test context (TestContext.Current): a cancellation token that is never cancelled
    /// (the run's time limit stops a hanging test) and the output helper.</summary>
    public sealed class TestContext
    {
        static readonly TestContext current = new TestContext();

        public static TestContext Current
        {
            get { return current; }
        }

        public CancellationToken CancellationToken
        {
            get { return CancellationToken.None; }
        }

        public ITestOutputHelper TestOutputHelper
        {
            get { return KeratXunit.Output.Helper; }
        }

        public void SendDiagnosticMessage(string message)
        {
            Console.Error.WriteLine(message);
        }

        public void SendDiagnosticMessage(string format, params object[] args)
        {
            Console.Error.WriteLine(format, args);
        }
    }

    public static partial class Assert
    {
        public static void Skip(string reason)
        {
            throw new SkipException(reason);
        }

        public static void SkipWhen(bool condition, string reason)
        {
            if (condition)
            {
                throw new SkipException(reason);
            }
        }

        public static void SkipUnless(bool condition, string reason)
        {
            if (!condition)
            {
                throw new SkipException(reason);
            }
        }

        /// <summary>Runs every check and reports all failures together.</summary>
        public static void Multiple(params Action[] checks)
        {
            var errors = new List<Exception>();
            foreach (var check in checks)
            {
                try
                {
                    check();
                }
                catch (Exception e)
                {
                    errors.Add(e);
                }
            }
            if (errors.Count == 1)
            {
                throw errors[0];
            }
            if (errors.Count > 1)
            {
                throw new XunitException("Assert.Multiple() Failure: Multiple failures were encountered:"
                    + string.Concat(errors.Select(e => Environment.NewLine + e.Message)));
            }
        }

        public static void Distinct<T>(IEnumerable<T> collection)
        {
            var seen = new HashSet<T>();
            foreach (var item in collection)
            {
                if (!seen.Add(item))
                {
                    throw new XunitException("Assert.Distinct() Failure: Duplicate item found" + Environment.NewLine
                        + "Collection: " + ArgumentFormatter.Format(collection) + Environment.NewLine
                        + "Item:       " + ArgumentFormatter.Format(item));
                }
            }
        }

        /// <summary>Structural comparison: values by Equals, collections element-wise (in any order), objects by their
        /// public fields and properties (with strict = false, extra members of actual are ignored).</summary>
        public static void Equivalent(object expected, object actual, bool strict = false)
        {
            string path = Equivalence.Difference(expected, actual, strict, "", 0);
            if (path != null)
            {
                throw new XunitException("Assert.Equivalent() Failure" + (path.Length == 0 ? "" : ": Mismatched value on member '" + path.TrimStart('.') + "'")
                    + Environment.NewLine + "Expected: " + ArgumentFormatter.Format(expected)
                    + Environment.NewLine + "Actual:   " + ArgumentFormatter.Format(actual));
            }
        }
    }

    static class Equivalence
    {
        static bool IsValue(object o)
        {
            var t = o.GetType();
            return t.IsPrimitive || t.IsEnum || o is string || o is decimal || o is DateTime || o is DateTimeOffset
                   || o is TimeSpan || o is Guid || o is Uri;
        }

        /// <summary>null when equivalent, else the path of the first difference ("" for the top).</summary>
        public static string Difference(object expected, object actual, bool strict, string path, int depth)
        {
            if (expected == null || actual == null)
            {
                return expected == null && actual == null ? null : path;
            }
            if (depth > 20 || ReferenceEquals(expected, actual))
            {
                return null;
            }
            if (IsValue(expected) || IsValue(actual))
            {
                if (expected.GetType() != actual.GetType() && expected is IConvertible && actual is IConvertible
                    && !(expected is string) && !(actual is string))
                {
                    try
                    {
                        return System.Convert.ChangeType(actual, expected.GetType()).Equals(expected) ? null : path;
                    }
                    catch (Exception)
                    {
                        return path;
                    }
                }
                return expected.Equals(actual) ? null : path;
            }
            var de = expected as IDictionary;
            var da = actual as IDictionary;
            if (de != null && da != null)
            {
                if (strict && de.Count != da.Count)
                {
                    return path;
                }
                foreach (DictionaryEntry entry in de)
                {
                    if (!da.Contains(entry.Key))
                    {
                        return path + "[" + entry.Key + "]";
                    }
                    string d = Difference(entry.Value, da[entry.Key], strict, path + "[" + entry.Key + "]", depth + 1);
                    if (d != null)
                    {
                        return d;
                    }
                }
                return null;
            }
            var ee = expected as IEnumerable;
            var ea = actual as IEnumerable;
            if (ee != null && ea != null)
            {
                var left = ee.Cast<object>().ToList();
                var right = ea.Cast<object>().ToList();
                if (strict ? left.Count != right.Count : left.Count > right.Count)
                {
                    return path;
                }
                foreach (var item in left)
                {
                    int match = right.FindIndex(r => Difference(item, r, strict, "", depth + 1) == null);
                    if (match < 0)
                    {
                        return path;
                    }
                    right.RemoveAt(match);
                }
                return null;
            }
            var members = Members(expected);
            var actualMembers = Members(actual);
            if (members.Count == 0 && actualMembers.Count == 0)
            {
                return expected.Equals(actual) ? null : path;
            }
            foreach (var m in members)
            {
                object other;
                if (!actualMembers.TryGetValue(m.Key, out other))
                {
                    return path + "." + m.Key;
                }
                string d = Difference(m.Value, other, strict, path + "." + m.Key, depth + 1);
                if (d != null)
                {
                    return d;
                }
            }
            if (strict && actualMembers.Keys.Any(k => !members.ContainsKey(k)))
            {
                return path;
            }
            return null;
        }

        static Dictionary<string, object> Members(object o)
        {
            var result = new Dictionary<string, object>();
            var t = o.GetType();
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                result[f.Name] = f.GetValue(o);
            }
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length == 0 && p.CanRead)
                {
                    try
                    {
                        result[p.Name] = p.GetValue(o, null);
                    }
                    catch (Exception)
                    {
                        // a throwing getter is left out
                    }
                }
            }
            return result;
        }
    }
}

namespace Exercism.Tests
{
    /// <summary>Exercism's concept exercises number their tests by task: [Task(1)]. Accepted and ignored.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
    public sealed class TaskAttribute : Attribute
    {
        public TaskAttribute(int number)
        {
            Number = number;
        }

        public int Number { get; private set; }
    }
}
