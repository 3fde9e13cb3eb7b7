// Kerat's xUnit-compatible subset for Mono (mcs): the attributes, Assert and helpers that test suites written
// for xUnit 2 use most. It is compiled together with the submitted sources and tests, so `using Xunit;` works
// unchanged. See runners/csharp/README.md for what is covered. Written in C# 6 so that mcs accepts it.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Xunit.Abstractions
{
    /// <summary>Injected into test class constructors; lines go to the test run's stdout.</summary>
    public interface ITestOutputHelper
    {
        void WriteLine(string message);
        void WriteLine(string format, params object[] args);
    }
}

namespace Xunit.Sdk
{
    /// <summary>Base of every assertion failure: tests failing with it are "failed", other exceptions "errored".</summary>
    public class XunitException : Exception
    {
        public XunitException() : base("Assertion failed") { }
        public XunitException(string message) : base(message) { }
        public XunitException(string message, Exception inner) : base(message, inner) { }
    }

    public class AssertActualExpectedException : XunitException
    {
        public AssertActualExpectedException(object expected, object actual, string userMessage)
            : base(userMessage + Environment.NewLine + "Expected: " + ArgumentFormatter.Format(expected)
                   + Environment.NewLine + "Actual:   " + ArgumentFormatter.Format(actual))
        {
            Expected = ArgumentFormatter.Format(expected);
            Actual = ArgumentFormatter.Format(actual);
        }
        public string Expected { get; private set; }
        public string Actual { get; private set; }
    }

    public class EqualException : AssertActualExpectedException
    {
        public EqualException(object expected, object actual) : base(expected, actual, "Assert.Equal() Failure") { }
    }

    public class NotEqualException : XunitException
    {
        public NotEqualException(object expected, object actual)
            : base("Assert.NotEqual() Failure" + Environment.NewLine + "Expected: Not " + ArgumentFormatter.Format(expected)
                   + Environment.NewLine + "Actual:   " + ArgumentFormatter.Format(actual)) { }
    }

    public class TrueException : XunitException
    {
        public TrueException(string userMessage, bool? value)
            : base((userMessage ?? "Assert.True() Failure") + Environment.NewLine + "Expected: True"
                   + Environment.NewLine + "Actual:   " + (value.HasValue ? value.Value.ToString() : "(null)")) { }
    }

    public class FalseException : XunitException
    {
        public FalseException(string userMessage, bool? value)
            : base((userMessage ?? "Assert.False() Failure") + Environment.NewLine + "Expected: False"
                   + Environment.NewLine + "Actual:   " + (value.HasValue ? value.Value.ToString() : "(null)")) { }
    }

    public class NullException : XunitException
    {
        public NullException(object actual) : base("Assert.Null() Failure" + Environment.NewLine + "Expected: (null)"
                                                    + Environment.NewLine + "Actual:   " + ArgumentFormatter.Format(actual)) { }
    }

    public class NotNullException : XunitException
    {
        public NotNullException() : base("Assert.NotNull() Failure") { }
    }

    public class SameException : XunitException
    {
        public SameException(string message) : base(message) { }
    }

    public class ThrowsException : XunitException
    {
        public ThrowsException(Type expected, Exception actual)
            : base("Assert.Throws() Failure" + Environment.NewLine + "Expected: " + ArgumentFormatter.Format(expected)
                   + Environment.NewLine + "Actual:   " + (actual == null ? "(No exception was thrown)"
                       : ArgumentFormatter.Format(actual.GetType()) + ": " + actual.Message), actual) { }
    }

    public class ContainsException : XunitException
    {
        public ContainsException(object expected, object actual)
            : base("Assert.Contains() Failure" + Environment.NewLine + "Not found: " + ArgumentFormatter.Format(expected)
                   + Environment.NewLine + "In value:  " + ArgumentFormatter.Format(actual)) { }
    }

    public class DoesNotContainException : XunitException
    {
        public DoesNotContainException(object expected, object actual)
            : base("Assert.DoesNotContain() Failure" + Environment.NewLine + "Found:    " + ArgumentFormatter.Format(expected)
                   + Environment.NewLine + "In value: " + ArgumentFormatter.Format(actual)) { }
    }

    public class EmptyException : XunitException
    {
        public EmptyException(object collection)
            : base("Assert.Empty() Failure" + Environment.NewLine + "Collection: " + ArgumentFormatter.Format(collection)) { }
    }

    public class NotEmptyException : XunitException
    {
        public NotEmptyException() : base("Assert.NotEmpty() Failure") { }
    }

    public class SingleException : XunitException
    {
        public SingleException(int count)
            : base("Assert.Single() Failure" + Environment.NewLine + "The collection contained " + count + " matching elements instead of 1") { }
    }

    public class InRangeException : XunitException
    {
        public InRangeException(object actual, object low, object high)
            : base("Assert.InRange() Failure" + Environment.NewLine + "Range:  (" + ArgumentFormatter.Format(low) + " - "
                   + ArgumentFormatter.Format(high) + ")" + Environment.NewLine + "Actual: " + ArgumentFormatter.Format(actual)) { }
    }

    public class IsTypeException : XunitException
    {
        public IsTypeException(string message) : base(message) { }
    }

    public class StartsWithException : XunitException
    {
        public StartsWithException(string message) : base(message) { }
    }

    public class EndsWithException : XunitException
    {
        public EndsWithException(string message) : base(message) { }
    }

    public class MatchesException : XunitException
    {
        public MatchesException(string message) : base(message) { }
    }

    public class AllException : XunitException
    {
        public AllException(string message) : base(message) { }
    }

    public class CollectionException : XunitException
    {
        public CollectionException(string message) : base(message) { }
    }

    public class FailException : XunitException
    {
        public FailException(string message) : base(message) { }
    }

    /// <summary>Formats values the way xUnit prints them in messages and theory names.</summary>
    public static class ArgumentFormatter
    {
        public static string Format(object value)
        {
            return Format(value, 0);
        }

        static string Format(object value, int depth)
        {
            if (value == null)
            {
                return "null";
            }
            var s = value as string;
            if (s != null)
            {
                return "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r")
                       .Replace("\t", "\\t").Replace("\0", "\\0") + "\"";
            }
            if (value is char)
            {
                char c = (char)value;
                return c == '\'' ? "'\\''" : c == '\n' ? "'\\n'" : c == '\t' ? "'\\t'" : c == '\0' ? "'\\0'" : "'" + c + "'";
            }
            var t = value as Type;
            if (t != null)
            {
                return "typeof(" + TypeName(t) + ")";
            }
            if (value is float)
            {
                return ((float)value).ToString("G9", CultureInfo.InvariantCulture);
            }
            if (value is double)
            {
                return ((double)value).ToString("G17", CultureInfo.InvariantCulture);
            }
            if (value is decimal)
            {
                return ((decimal)value).ToString(CultureInfo.InvariantCulture);
            }
            if (value is Enum)
            {
                return TypeName(value.GetType()) + "." + value;
            }
            var e = value as IEnumerable;
            if (e != null)
            {
                if (depth > 2)
                {
                    return "[...]";
                }
                var parts = new List<string>();
                int n = 0;
                foreach (var item in e)
                {
                    if (n++ == 10)
                    {
                        parts.Add("...");
                        break;
                    }
                    parts.Add(Format(item, depth + 1));
                }
                return "[" + string.Join(", ", parts) + "]";
            }
            var f = value as IFormattable;
            if (f != null)
            {
                return f.ToString(null, CultureInfo.InvariantCulture);
            }
            return value.ToString();
        }

        public static string TypeName(Type t)
        {
            if (!t.IsGenericType)
            {
                return t.FullName ?? t.Name;
            }
            string name = t.GetGenericTypeDefinition().FullName ?? t.Name;
            int tick = name.IndexOf('`');
            if (tick >= 0)
            {
                name = name.Substring(0, tick);
            }
            return name + "<" + string.Join(", ", t.GetGenericArguments().Select(TypeName)) + ">";
        }
    }

    /// <summary>xUnit's default comparison: IEquatable, IComparable, sequences element by element, then Equals.</summary>
    public sealed class DefaultComparer<T> : IEqualityComparer<T>
    {
        public bool Equals(T x, T y)
        {
            return Comparison.AreEqual(x, y);
        }

        public int GetHashCode(T obj)
        {
            return obj == null ? 0 : obj.GetHashCode();
        }
    }

    public static class Comparison
    {
        public static bool AreEqual(object x, object y)
        {
            if (x == null || y == null)
            {
                return x == null && y == null;
            }
            if (ReferenceEquals(x, y))
            {
                return true;
            }
            if (x is string || y is string)
            {
                return x.Equals(y);
            }
            var dx = x as IDictionary;
            var dy = y as IDictionary;
            if (dx != null && dy != null)
            {
                if (dx.Count != dy.Count)
                {
                    return false;
                }
                foreach (DictionaryEntry entry in dx)
                {
                    if (!dy.Contains(entry.Key) || !AreEqual(entry.Value, dy[entry.Key]))
                    {
                        return false;
                    }
                }
                return true;
            }
            var ex = x as IEnumerable;
            var ey = y as IEnumerable;
            if (ex != null && ey != null && !IsSet(x) && !IsSet(y))
            {
                var ix = ex.GetEnumerator();
                var iy = ey.GetEnumerator();
                while (true)
                {
                    bool hx = ix.MoveNext();
                    bool hy = iy.MoveNext();
                    if (hx != hy)
                    {
                        return false;
                    }
                    if (!hx)
                    {
                        return true;
                    }
                    if (!AreEqual(ix.Current, iy.Current))
                    {
                        return false;
                    }
                }
            }
            if (ex != null && ey != null)
            {
                var sx = ex.Cast<object>().ToList();
                var sy = ey.Cast<object>().ToList();
                return sx.Count == sy.Count && sx.All(a => sy.Any(b => AreEqual(a, b)));
            }
            if (IsNumeric(x) && IsNumeric(y) && x.GetType() != y.GetType())
            {
                try
                {
                    return Convert.ToDecimal(x, CultureInfo.InvariantCulture) == Convert.ToDecimal(y, CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    return Convert.ToDouble(x, CultureInfo.InvariantCulture) == Convert.ToDouble(y, CultureInfo.InvariantCulture);
                }
            }
            return x.Equals(y);
        }

        static bool IsSet(object o)
        {
            return o.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISet<>));
        }

        static bool IsNumeric(object o)
        {
            return o is sbyte || o is byte || o is short || o is ushort || o is int || o is uint || o is long
                   || o is ulong || o is float || o is double || o is decimal;
        }
    }
}

namespace Xunit
{
    using Xunit.Sdk;

    /// <summary>A test method. Skip = reason to skip it; DisplayName replaces the Class.Method name.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class FactAttribute : Attribute
    {
        public string DisplayName { get; set; }
        public string Skip { get; set; }
        public int Timeout { get; set; }
        public bool Explicit { get; set; }
    }

    /// <summary>A test method run once per data row (InlineData, MemberData, ClassData).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TheoryAttribute : FactAttribute
    {
    }

    /// <summary>Base of the theory data attributes.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public abstract class DataAttribute : Attribute
    {
        public string Skip { get; set; }
        public abstract IEnumerable<object[]> GetData(MethodInfo testMethod);
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class InlineDataAttribute : DataAttribute
    {
        readonly object[] data;

        public InlineDataAttribute(params object[] data)
        {
            // [InlineData(null)] binds null to the params array itself
            this.data = data ?? new object[] { null };
        }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod)
        {
            return new[] { data };
        }
    }

    /// <summary>Rows from a static property, field or method (of MemberType, or of the test class).</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class MemberDataAttribute : DataAttribute
    {
        public MemberDataAttribute(string memberName, params object[] parameters)
        {
            MemberName = memberName;
            Parameters = parameters;
        }

        public string MemberName { get; private set; }
        public object[] Parameters { get; private set; }
        public Type MemberType { get; set; }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod)
        {
            Type type = MemberType ?? testMethod.ReflectedType;
            const BindingFlags flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.FlattenHierarchy;
            object value = null;
            bool found = false;
            for (Type t = type; t != null && !found; t = t.BaseType)
            {
                var prop = t.GetProperty(MemberName, flags);
                if (prop != null)
                {
                    value = prop.GetValue(null, null);
                    found = true;
                    break;
                }
                var field = t.GetField(MemberName, flags);
                if (field != null)
                {
                    value = field.GetValue(null);
                    found = true;
                    break;
                }
                var method = t.GetMethods(flags).FirstOrDefault(m => m.Name == MemberName
                    && m.GetParameters().Length == (Parameters == null ? 0 : Parameters.Length));
                if (method != null)
                {
                    value = method.Invoke(null, Parameters);
                    found = true;
                }
            }
            if (!found)
            {
                throw new ArgumentException("Could not find public static member (property, field, or method) named '"
                                            + MemberName + "' on " + type.FullName);
            }
            var rows = value as IEnumerable;
            if (rows == null)
            {
                throw new ArgumentException("Member " + MemberName + " on " + type.FullName + " did not return an IEnumerable");
            }
            foreach (var row in rows)
            {
                var array = row as object[];
                if (array == null)
                {
                    var tr = row as ITheoryDataRow;
                    if (tr != null)
                    {
                        array = tr.GetData();
                    }
                    else
                    {
                        throw new ArgumentException("Member " + MemberName + " on " + type.FullName + " yielded an item that is not an object[]");
                    }
                }
                yield return array;
            }
        }
    }

    /// <summary>Rows from an IEnumerable&lt;object[]&gt; class with a parameterless constructor.</summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ClassDataAttribute : DataAttribute
    {
        public ClassDataAttribute(Type @class)
        {
            Class = @class;
        }

        public Type Class { get; private set; }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod)
        {
            var rows = Activator.CreateInstance(Class) as IEnumerable<object[]>;
            if (rows == null)
            {
                throw new ArgumentException(Class.FullName + " must implement IEnumerable<object[]>");
            }
            return rows;
        }
    }

    /// <summary>Accepted and ignored (xUnit uses them for filtering and grouping).</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class TraitAttribute : Attribute
    {
        public TraitAttribute(string name, string value) { }
    }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class CollectionAttribute : Attribute
    {
        public CollectionAttribute(string name) { }
    }

    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public sealed class CollectionDefinitionAttribute : Attribute
    {
        public CollectionDefinitionAttribute(string name) { }
        public bool DisableParallelization { get; set; }
    }

    /// <summary>A fixture of type TFixture is created once per test class and passed to its constructor.</summary>
    public interface IClassFixture<TFixture> where TFixture : class
    {
    }

    /// <summary>Treated like IClassFixture: one fixture per test class.</summary>
    public interface ICollectionFixture<TFixture> where TFixture : class
    {
    }

    /// <summary>Async set-up and tear-down around each test.</summary>
    public interface IAsyncLifetime
    {
        Task InitializeAsync();
        Task DisposeAsync();
    }

    public interface ITheoryDataRow
    {
        object[] GetData();
    }

    /// <summary>Typed theory data: <c>new TheoryData&lt;int, string&gt; { { 1, "a" } }</c>.</summary>
    public abstract class TheoryData : IEnumerable<object[]>
    {
        readonly List<object[]> rows = new List<object[]>();

        protected void AddRow(params object[] values)
        {
            rows.Add(values);
        }

        public IEnumerator<object[]> GetEnumerator()
        {
            return rows.GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator()
        {
            return GetEnumerator();
        }
    }

    public class TheoryData<T1> : TheoryData
    {
        public TheoryData() { }
        public TheoryData(IEnumerable<T1> values) { foreach (var v in values) Add(v); }
        public void Add(T1 p1) { AddRow(p1); }
    }

    public class TheoryData<T1, T2> : TheoryData
    {
        public void Add(T1 p1, T2 p2) { AddRow(p1, p2); }
    }

    public class TheoryData<T1, T2, T3> : TheoryData
    {
        public void Add(T1 p1, T2 p2, T3 p3) { AddRow(p1, p2, p3); }
    }

    public class TheoryData<T1, T2, T3, T4> : TheoryData
    {
        public void Add(T1 p1, T2 p2, T3 p3, T4 p4) { AddRow(p1, p2, p3, p4); }
    }

    public class TheoryData<T1, T2, T3, T4, T5> : TheoryData
    {
        public void Add(T1 p1, T2 p2, T3 p3, T4 p4, T5 p5) { AddRow(p1, p2, p3, p4, p5); }
    }

    public class TheoryData<T1, T2, T3, T4, T5, T6> : TheoryData
    {
        public void Add(T1 p1, T2 p2, T3 p3, T4 p4, T5 p5, T6 p6) { AddRow(p1, p2, p3, p4, p5, p6); }
    }

    /// <summary>Records the exception an action throws, or null.</summary>
    public static class Record
    {
        public static Exception Exception(Action testCode)
        {
            try
            {
                testCode();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }

        public static Exception Exception(Func<object> testCode)
        {
            try
            {
                testCode();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }

        public static async Task<Exception> ExceptionAsync(Func<Task> testCode)
        {
            try
            {
                await testCode();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    /// <summary>The assertions of xUnit 2 that tests use most (see README.md for the list).</summary>
    public static partial class Assert
    {
        // ---- equality
        public static void Equal<T>(T expected, T actual)
        {
            if (!Comparison.AreEqual(expected, actual))
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void Equal<T>(T expected, T actual, IEqualityComparer<T> comparer)
        {
            if (!comparer.Equals(expected, actual))
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void Equal<T>(IEnumerable<T> expected, IEnumerable<T> actual)
        {
            if (!Comparison.AreEqual(expected, actual))
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void Equal<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer)
        {
            if (expected == null || actual == null)
            {
                if (expected != null || actual != null)
                {
                    throw new EqualException(expected, actual);
                }
                return;
            }
            if (!expected.SequenceEqual(actual, comparer))
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void Equal(string expected, string actual)
        {
            Equal(expected, actual, false, false, false);
        }

        public static void Equal(string expected, string actual, bool ignoreCase = false,
                                 bool ignoreLineEndingDifferences = false, bool ignoreWhiteSpaceDifferences = false)
        {
            string e = expected, a = actual;
            if (e != null && a != null)
            {
                if (ignoreLineEndingDifferences)
                {
                    e = e.Replace("\r\n", "\n").Replace("\r", "\n");
                    a = a.Replace("\r\n", "\n").Replace("\r", "\n");
                }
                if (ignoreWhiteSpaceDifferences)
                {
                    e = Regex.Replace(e, "[ \t]+", " ");
                    a = Regex.Replace(a, "[ \t]+", " ");
                }
            }
            if (!string.Equals(e, a, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void Equal(double expected, double actual, int precision)
        {
            double e = Math.Round(expected, precision), a = Math.Round(actual, precision);
            if (!e.Equals(a))
            {
                throw new EqualException(expected + " (rounded from " + e + ")", actual + " (rounded from " + a + ")");
            }
        }

        public static void Equal(decimal expected, decimal actual, int precision)
        {
            decimal e = Math.Round(expected, precision), a = Math.Round(actual, precision);
            if (e != a)
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void Equal(double expected, double actual, double tolerance)
        {
            if (double.IsNaN(expected) && double.IsNaN(actual))
            {
                return;
            }
            if (!(Math.Abs(expected - actual) <= tolerance) && !expected.Equals(actual))
            {
                throw new XunitException("Assert.Equal() Failure: Values are not within tolerance " + ArgumentFormatter.Format(tolerance)
                                         + Environment.NewLine + "Expected: " + ArgumentFormatter.Format(expected)
                                         + Environment.NewLine + "Actual:   " + ArgumentFormatter.Format(actual));
            }
        }

        public static void Equal(DateTime expected, DateTime actual, TimeSpan precision)
        {
            if ((expected - actual).Duration() > precision)
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void NotEqual<T>(T expected, T actual)
        {
            if (Comparison.AreEqual(expected, actual))
            {
                throw new NotEqualException(expected, actual);
            }
        }

        public static void NotEqual<T>(T expected, T actual, IEqualityComparer<T> comparer)
        {
            if (comparer.Equals(expected, actual))
            {
                throw new NotEqualException(expected, actual);
            }
        }

        public static void NotEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual)
        {
            if (Comparison.AreEqual(expected, actual))
            {
                throw new NotEqualException(expected, actual);
            }
        }

        public static void NotEqual(double expected, double actual, int precision)
        {
            if (Math.Round(expected, precision).Equals(Math.Round(actual, precision)))
            {
                throw new NotEqualException(expected, actual);
            }
        }

        public static void StrictEqual<T>(T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                throw new EqualException(expected, actual);
            }
        }

        public static void NotStrictEqual<T>(T expected, T actual)
        {
            if (EqualityComparer<T>.Default.Equals(expected, actual))
            {
                throw new NotEqualException(expected, actual);
            }
        }

        public static void Same(object expected, object actual)
        {
            if (!ReferenceEquals(expected, actual))
            {
                throw new SameException("Assert.Same() Failure" + Environment.NewLine + "Expected: " + ArgumentFormatter.Format(expected)
                                        + Environment.NewLine + "Actual:   " + ArgumentFormatter.Format(actual));
            }
        }

        public static void NotSame(object expected, object actual)
        {
            if (ReferenceEquals(expected, actual))
            {
                throw new SameException("Assert.NotSame() Failure");
            }
        }

        // ---- booleans and null
        public static void True(bool condition)
        {
            True(condition, null);
        }

        public static void True(bool condition, string userMessage)
        {
            if (!condition)
            {
                throw new TrueException(userMessage, condition);
            }
        }

        public static void True(bool? condition)
        {
            True(condition, null);
        }

        public static void True(bool? condition, string userMessage)
        {
            if (condition != true)
            {
                throw new TrueException(userMessage, condition);
            }
        }

        public static void False(bool condition)
        {
            False(condition, null);
        }

        public static void False(bool condition, string userMessage)
        {
            if (condition)
            {
                throw new FalseException(userMessage, condition);
            }
        }

        public static void False(bool? condition)
        {
            False(condition, null);
        }

        public static void False(bool? condition, string userMessage)
        {
            if (condition != false)
            {
                throw new FalseException(userMessage, condition);
            }
        }

        public static void Null(object @object)
        {
            if (@object != null)
            {
                throw new NullException(@object);
            }
        }

        public static void NotNull(object @object)
        {
            if (@object == null)
            {
                throw new NotNullException();
            }
        }

        public static void Fail(string message)
        {
            throw new FailException(message);
        }

        // ---- exceptions
        public static T Throws<T>(Action testCode) where T : Exception
        {
            return (T)ThrowsExact(typeof(T), Record.Exception(testCode));
        }

        public static T Throws<T>(Func<object> testCode) where T : Exception
        {
            return (T)ThrowsExact(typeof(T), Record.Exception(testCode));
        }

        public static T Throws<T>(string paramName, Action testCode) where T : ArgumentException
        {
            T e = Throws<T>(testCode);
            Equal(paramName, e.ParamName);
            return e;
        }

        public static T Throws<T>(string paramName, Func<object> testCode) where T : ArgumentException
        {
            T e = Throws<T>(testCode);
            Equal(paramName, e.ParamName);
            return e;
        }

        public static Exception Throws(Type exceptionType, Action testCode)
        {
            return ThrowsExact(exceptionType, Record.Exception(testCode));
        }

        public static Exception Throws(Type exceptionType, Func<object> testCode)
        {
            return ThrowsExact(exceptionType, Record.Exception(testCode));
        }

        public static T ThrowsAny<T>(Action testCode) where T : Exception
        {
            return (T)ThrowsAnyOf(typeof(T), Record.Exception(testCode));
        }

        public static T ThrowsAny<T>(Func<object> testCode) where T : Exception
        {
            return (T)ThrowsAnyOf(typeof(T), Record.Exception(testCode));
        }

        public static async Task<T> ThrowsAsync<T>(Func<Task> testCode) where T : Exception
        {
            return (T)ThrowsExact(typeof(T), await Record.ExceptionAsync(testCode));
        }

        public static async Task<T> ThrowsAnyAsync<T>(Func<Task> testCode) where T : Exception
        {
            return (T)ThrowsAnyOf(typeof(T), await Record.ExceptionAsync(testCode));
        }

        static Exception ThrowsExact(Type expected, Exception actual)
        {
            if (actual == null || actual.GetType() != expected)
            {
                throw new ThrowsException(expected, actual);
            }
            return actual;
        }

        static Exception ThrowsAnyOf(Type expected, Exception actual)
        {
            if (actual == null || !expected.IsAssignableFrom(actual.GetType()))
            {
                throw new ThrowsException(expected, actual);
            }
            return actual;
        }

        // ---- strings
        public static void Contains(string expectedSubstring, string actualString)
        {
            Contains(expectedSubstring, actualString, StringComparison.CurrentCulture);
        }

        public static void Contains(string expectedSubstring, string actualString, StringComparison comparisonType)
        {
            if (actualString == null || expectedSubstring == null || actualString.IndexOf(expectedSubstring, comparisonType) < 0)
            {
                throw new ContainsException(expectedSubstring, actualString);
            }
        }

        public static void DoesNotContain(string expectedSubstring, string actualString)
        {
            if (actualString != null && expectedSubstring != null && actualString.IndexOf(expectedSubstring, StringComparison.CurrentCulture) >= 0)
            {
                throw new DoesNotContainException(expectedSubstring, actualString);
            }
        }

        public static void StartsWith(string expectedStartString, string actualString)
        {
            if (actualString == null || expectedStartString == null || !actualString.StartsWith(expectedStartString, StringComparison.CurrentCulture))
            {
                throw new StartsWithException("Assert.StartsWith() Failure:" + Environment.NewLine + "Expected: "
                                              + ArgumentFormatter.Format(expectedStartString) + Environment.NewLine + "Actual:   "
                                              + ArgumentFormatter.Format(actualString));
            }
        }

        public static void EndsWith(string expectedEndString, string actualString)
        {
            if (actualString == null || expectedEndString == null || !actualString.EndsWith(expectedEndString, StringComparison.CurrentCulture))
            {
                throw new EndsWithException("Assert.EndsWith() Failure:" + Environment.NewLine + "Expected: "
                                            + ArgumentFormatter.Format(expectedEndString) + Environment.NewLine + "Actual:   "
                                            + ArgumentFormatter.Format(actualString));
            }
        }

        public static void Matches(string expectedRegexPattern, string actualString)
        {
            if (actualString == null || !Regex.IsMatch(actualString, expectedRegexPattern))
            {
                throw new MatchesException("Assert.Matches() Failure:" + Environment.NewLine + "Regex: " + expectedRegexPattern
                                           + Environment.NewLine + "Value: " + ArgumentFormatter.Format(actualString));
            }
        }

        public static void DoesNotMatch(string expectedRegexPattern, string actualString)
        {
            if (actualString != null && Regex.IsMatch(actualString, expectedRegexPattern))
            {
                throw new MatchesException("Assert.DoesNotMatch() Failure:" + Environment.NewLine + "Regex: " + expectedRegexPattern
                                           + Environment.NewLine + "Value: " + ArgumentFormatter.Format(actualString));
            }
        }

        // ---- collections
        public static void Contains<T>(T expected, IEnumerable<T> collection)
        {
            if (collection == null || !collection.Any(x => Comparison.AreEqual(expected, x)))
            {
                throw new ContainsException(expected, collection);
            }
        }

        public static void Contains<T>(T expected, IEnumerable<T> collection, IEqualityComparer<T> comparer)
        {
            if (collection == null || !collection.Contains(expected, comparer))
            {
                throw new ContainsException(expected, collection);
            }
        }

        public static void Contains<T>(IEnumerable<T> collection, Predicate<T> filter)
        {
            if (collection == null || !collection.Any(x => filter(x)))
            {
                throw new ContainsException("(filter expression)", collection);
            }
        }

        public static TValue Contains<TKey, TValue>(TKey expected, IDictionary<TKey, TValue> collection)
        {
            TValue value;
            if (collection == null || !collection.TryGetValue(expected, out value))
            {
                throw new ContainsException(expected, collection == null ? null : collection.Keys);
            }
            return value;
        }

        public static TValue Contains<TKey, TValue>(TKey expected, Dictionary<TKey, TValue> collection)
        {
            return Contains(expected, (IDictionary<TKey, TValue>)collection);
        }

        public static void DoesNotContain<T>(T expected, IEnumerable<T> collection)
        {
            if (collection != null && collection.Any(x => Comparison.AreEqual(expected, x)))
            {
                throw new DoesNotContainException(expected, collection);
            }
        }

        public static void DoesNotContain<T>(IEnumerable<T> collection, Predicate<T> filter)
        {
            if (collection != null && collection.Any(x => filter(x)))
            {
                throw new DoesNotContainException("(filter expression)", collection);
            }
        }

        public static void DoesNotContain<TKey, TValue>(TKey expected, IDictionary<TKey, TValue> collection)
        {
            if (collection != null && collection.ContainsKey(expected))
            {
                throw new DoesNotContainException(expected, collection.Keys);
            }
        }

        public static void DoesNotContain<TKey, TValue>(TKey expected, Dictionary<TKey, TValue> collection)
        {
            DoesNotContain(expected, (IDictionary<TKey, TValue>)collection);
        }

        public static void Empty(IEnumerable collection)
        {
            if (collection == null)
            {
                throw new ArgumentNullException("collection");
            }
            var e = collection.GetEnumerator();
            if (e.MoveNext())
            {
                throw new EmptyException(collection);
            }
        }

        public static void NotEmpty(IEnumerable collection)
        {
            if (collection == null)
            {
                throw new ArgumentNullException("collection");
            }
            if (!collection.GetEnumerator().MoveNext())
            {
                throw new NotEmptyException();
            }
        }

        public static object Single(IEnumerable collection)
        {
            if (collection == null)
            {
                throw new ArgumentNullException("collection");
            }
            var items = collection.Cast<object>().ToList();
            if (items.Count != 1)
            {
                throw new SingleException(items.Count);
            }
            return items[0];
        }

        public static T Single<T>(IEnumerable<T> collection)
        {
            return Single(collection, x => true);
        }

        public static T Single<T>(IEnumerable<T> collection, Predicate<T> predicate)
        {
            if (collection == null)
            {
                throw new ArgumentNullException("collection");
            }
            var items = collection.Where(x => predicate(x)).ToList();
            if (items.Count != 1)
            {
                throw new SingleException(items.Count);
            }
            return items[0];
        }

        public static void All<T>(IEnumerable<T> collection, Action<T> action)
        {
            var failures = new List<string>();
            int i = 0;
            foreach (var item in collection)
            {
                try
                {
                    action(item);
                }
                catch (Exception e)
                {
                    failures.Add("[" + i + "]: Item: " + ArgumentFormatter.Format(item) + Environment.NewLine + e.Message);
                }
                i++;
            }
            if (failures.Count > 0)
            {
                throw new AllException("Assert.All() Failure: " + failures.Count + " out of " + i + " items in the collection did not pass."
                                       + Environment.NewLine + string.Join(Environment.NewLine, failures));
            }
        }

        public static void Collection<T>(IEnumerable<T> collection, params Action<T>[] elementInspectors)
        {
            var items = collection.ToList();
            if (items.Count != elementInspectors.Length)
            {
                throw new CollectionException("Assert.Collection() Failure" + Environment.NewLine + "Collection: "
                                              + ArgumentFormatter.Format(items) + Environment.NewLine + "Expected item count: "
                                              + elementInspectors.Length + Environment.NewLine + "Actual item count:   " + items.Count);
            }
            for (int i = 0; i < items.Count; i++)
            {
                try
                {
                    elementInspectors[i](items[i]);
                }
                catch (Exception e)
                {
                    throw new CollectionException("Assert.Collection() Failure" + Environment.NewLine + "Collection: "
                                                  + ArgumentFormatter.Format(items) + Environment.NewLine + "Error during comparison of item at index "
                                                  + i + Environment.NewLine + e.Message);
                }
            }
        }

        public static void InRange<T>(T actual, T low, T high) where T : IComparable
        {
            if (low.CompareTo(actual) > 0 || high.CompareTo(actual) < 0)
            {
                throw new InRangeException(actual, low, high);
            }
        }

        public static void NotInRange<T>(T actual, T low, T high) where T : IComparable
        {
            if (low.CompareTo(actual) <= 0 && high.CompareTo(actual) >= 0)
            {
                throw new XunitException("Assert.NotInRange() Failure" + Environment.NewLine + "Range:  (" + ArgumentFormatter.Format(low)
                                         + " - " + ArgumentFormatter.Format(high) + ")" + Environment.NewLine + "Actual: "
                                         + ArgumentFormatter.Format(actual));
            }
        }

        // ---- types
        public static T IsType<T>(object @object)
        {
            return (T)IsType(typeof(T), @object);
        }

        public static object IsType(Type expectedType, object @object)
        {
            if (@object == null || @object.GetType() != expectedType)
            {
                throw new IsTypeException("Assert.IsType() Failure" + Environment.NewLine + "Expected: "
                                          + ArgumentFormatter.TypeName(expectedType) + Environment.NewLine + "Actual:   "
                                          + (@object == null ? "(null)" : ArgumentFormatter.TypeName(@object.GetType())));
            }
            return @object;
        }

        public static void IsNotType<T>(object @object)
        {
            if (@object != null && @object.GetType() == typeof(T))
            {
                throw new IsTypeException("Assert.IsNotType() Failure" + Environment.NewLine + "Expected: "
                                          + ArgumentFormatter.TypeName(typeof(T)) + Environment.NewLine + "Actual:   "
                                          + ArgumentFormatter.TypeName(@object.GetType()));
            }
        }

        public static T IsAssignableFrom<T>(object @object)
        {
            if (@object == null || !typeof(T).IsAssignableFrom(@object.GetType()))
            {
                throw new IsTypeException("Assert.IsAssignableFrom() Failure" + Environment.NewLine + "Expected: "
                                          + ArgumentFormatter.TypeName(typeof(T)) + Environment.NewLine + "Actual:   "
                                          + (@object == null ? "(null)" : ArgumentFormatter.TypeName(@object.GetType())));
            }
            return (T)@object;
        }
    }
}
