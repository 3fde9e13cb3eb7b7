// A small FsCheck subset for Kerat's xUnit runner (compiled with Xunit.cs): FsCheck.Xunit's [Property] (Skip,
// Arbitrary, MaxTest) on methods whose parameters are generated (numbers, char, string, bool, enums, arrays,
// lists, PositiveInt/NonNegativeInt/NegativeInt/NonEmptyString/NonNull), methods returning void, bool or Property;
// Arbitrary<T>/Gen<T> with Filter/Where/Select, Arb.Default.*, ArbMap.Default.ArbFor<T>, Gen.Choose/Elements/
// Constant/OneOf, Prop.ForAll, bool.ToProperty/Label/When. Random values are drawn from a fixed seed per test, with
// the size growing from 1 to 100 like FsCheck's; no shrinking. Written for mcs.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace FsCheck
{
    public sealed class Gen<T>
    {
        internal readonly Func<Random, int, T> Draw;

        public Gen(Func<Random, int, T> sample)
        {
            Draw = sample;
        }

        public Gen<T> Where(Func<T, bool> predicate)
        {
            var s = Draw;
            return new Gen<T>((r, size) =>
            {
                for (int i = 0; i < 10000; i++)
                {
                    T v = s(r, size + i / 50);
                    if (predicate(v))
                    {
                        return v;
                    }
                }
                throw new InvalidOperationException("Gave up: the filter rejected 10000 generated values");
            });
        }

        public Gen<T> Filter(Func<T, bool> predicate)
        {
            return Where(predicate);
        }

        public Gen<TR> Select<TR>(Func<T, TR> f)
        {
            var s = Draw;
            return new Gen<TR>((r, size) => f(s(r, size)));
        }

        public Gen<TR> SelectMany<TR>(Func<T, Gen<TR>> f)
        {
            var s = Draw;
            return new Gen<TR>((r, size) => f(s(r, size)).Draw(r, size));
        }

        public Gen<TR> SelectMany<TM, TR>(Func<T, Gen<TM>> f, Func<T, TM, TR> g)
        {
            var s = Draw;
            return new Gen<TR>((r, size) =>
            {
                T a = s(r, size);
                return g(a, f(a).Draw(r, size));
            });
        }

        public Gen<T[]> ArrayOf()
        {
            var s = Draw;
            return new Gen<T[]>((r, size) => Enumerable.Range(0, r.Next(size + 1)).Select(i => s(r, size)).ToArray());
        }

        public Gen<T[]> ArrayOf(int length)
        {
            var s = Draw;
            return new Gen<T[]>((r, size) => Enumerable.Range(0, length).Select(i => s(r, size)).ToArray());
        }

        public Gen<List<T>> ListOf()
        {
            return ArrayOf().Select(a => a.ToList());
        }

        public Gen<List<T>> NonEmptyListOf()
        {
            var s = Draw;
            return new Gen<List<T>>((r, size) => Enumerable.Range(0, 1 + r.Next(Math.Max(1, size))).Select(i => s(r, size)).ToList());
        }

        public Arbitrary<T> ToArbitrary()
        {
            return new Arbitrary<T>(this);
        }

        public IList<T> Sample(int size, int count)
        {
            var r = new Random(1);
            return Enumerable.Range(0, count).Select(i => Draw(r, size)).ToList();
        }
    }

    public static class Gen
    {
        public static Gen<int> Choose(int low, int high)
        {
            return new Gen<int>((r, size) => (int)(low + (long)(r.NextDouble() * ((long)high - low + 1))));
        }

        public static Gen<T> Constant<T>(T value)
        {
            return new Gen<T>((r, size) => value);
        }

        public static Gen<T> Elements<T>(params T[] values)
        {
            return new Gen<T>((r, size) => values[r.Next(values.Length)]);
        }

        public static Gen<T> Elements<T>(IEnumerable<T> values)
        {
            return Elements(values.ToArray());
        }

        public static Gen<T> OneOf<T>(params Gen<T>[] gens)
        {
            return new Gen<T>((r, size) => gens[r.Next(gens.Length)].Draw(r, size));
        }

        public static Gen<T> OneOf<T>(IEnumerable<Gen<T>> gens)
        {
            return OneOf(gens.ToArray());
        }

        public static Gen<T> Fresh<T>(Func<T> f)
        {
            return new Gen<T>((r, size) => f());
        }

        public static Gen<T[]> ArrayOf<T>(Gen<T> g)
        {
            return g.ArrayOf();
        }

        public static Gen<List<T>> ListOf<T>(Gen<T> g)
        {
            return g.ListOf();
        }

        public static Gen<T> Sized<T>(Func<int, Gen<T>> f)
        {
            return new Gen<T>((r, size) => f(size).Draw(r, size));
        }
    }

    public class Arbitrary<T>
    {
        public Arbitrary(Gen<T> generator)
        {
            Generator = generator;
        }

        public Gen<T> Generator { get; private set; }

        public Arbitrary<T> Filter(Func<T, bool> predicate)
        {
            return new Arbitrary<T>(Generator.Where(predicate));
        }

        public Arbitrary<TR> Convert<TR>(Func<T, TR> to, Func<TR, T> from)
        {
            return new Arbitrary<TR>(Generator.Select(to));
        }
    }

    public sealed class PositiveInt
    {
        public PositiveInt(int value) { Item = value; }
        public int Item { get; private set; }
        public int Get { get { return Item; } }
        public override string ToString() { return "PositiveInt " + Item; }
    }

    public sealed class NonNegativeInt
    {
        public NonNegativeInt(int value) { Item = value; }
        public int Item { get; private set; }
        public int Get { get { return Item; } }
        public override string ToString() { return "NonNegativeInt " + Item; }
    }

    public sealed class NegativeInt
    {
        public NegativeInt(int value) { Item = value; }
        public int Item { get; private set; }
        public int Get { get { return Item; } }
        public override string ToString() { return "NegativeInt " + Item; }
    }

    public sealed class NonEmptyString
    {
        public NonEmptyString(string value) { Item = value; }
        public string Item { get; private set; }
        public string Get { get { return Item; } }
        public override string ToString() { return "NonEmptyString \"" + Item + "\""; }
    }

    public sealed class NonNull<T>
    {
        public NonNull(T value) { Item = value; }
        public T Item { get; private set; }
        public T Get { get { return Item; } }
        public override string ToString() { return "NonNull " + Item; }
    }

    /// <summary>Default generators by type (used for [Property] parameters and Arb.Default / ArbMap.Default).</summary>
    public sealed class DefaultArbitraries
    {
        public Arbitrary<int> Int32() { return Make<int>(); }
        public Arbitrary<long> Int64() { return Make<long>(); }
        public Arbitrary<short> Int16() { return Make<short>(); }
        public Arbitrary<byte> Byte() { return Make<byte>(); }
        public Arbitrary<uint> UInt32() { return Make<uint>(); }
        public Arbitrary<ulong> UInt64() { return Make<ulong>(); }
        public Arbitrary<char> Char() { return Make<char>(); }
        public Arbitrary<string> String() { return Make<string>(); }
        public Arbitrary<bool> Bool() { return Make<bool>(); }
        public Arbitrary<bool> Boolean() { return Make<bool>(); }
        public Arbitrary<double> Double() { return Make<double>(); }
        public Arbitrary<double> NormalFloat() { return Make<double>(); }
        public Arbitrary<float> Float32() { return Make<float>(); }
        public Arbitrary<double> Float() { return Make<double>(); }
        public Arbitrary<decimal> Decimal() { return Make<decimal>(); }
        public Arbitrary<PositiveInt> PositiveInt() { return Make<PositiveInt>(); }
        public Arbitrary<NonNegativeInt> NonNegativeInt() { return Make<NonNegativeInt>(); }
        public Arbitrary<NegativeInt> NegativeInt() { return Make<NegativeInt>(); }
        public Arbitrary<NonEmptyString> NonEmptyString() { return Make<NonEmptyString>(); }
        public Arbitrary<DateTime> DateTime() { return Make<DateTime>(); }

        public Arbitrary<T> ArbFor<T>()
        {
            return Make<T>();
        }

        static Arbitrary<T> Make<T>()
        {
            var g = Generators.For(typeof(T), null);
            return new Arbitrary<T>(new Gen<T>((r, size) => (T)g(r, size)));
        }
    }

    public static class Arb
    {
        static readonly DefaultArbitraries defaults = new DefaultArbitraries();

        public static DefaultArbitraries Default
        {
            get { return defaults; }
        }

        public static Arbitrary<T> From<T>(Gen<T> gen)
        {
            return new Arbitrary<T>(gen);
        }

        public static Gen<T> Generate<T>()
        {
            return defaults.ArbFor<T>().Generator;
        }

        public static Arbitrary<T> Filter<T>(Func<T, bool> predicate, Arbitrary<T> arb)
        {
            return arb.Filter(predicate);
        }
    }

    public static class ArbMap
    {
        public static DefaultArbitraries Default
        {
            get { return Arb.Default; }
        }
    }

    /// <summary>A property: checked 100 times by FsCheck.Xunit, or once per generated value by Prop.ForAll.</summary>
    public class Property
    {
        internal readonly Func<Random, int, string> Check; // null when it holds, else why not

        internal Property(Func<Random, int, string> check)
        {
            Check = check;
        }

        public Property Label(string label)
        {
            var c = Check;
            return new Property((r, s) => { string e = c(r, s); return e == null ? null : label + ": " + e; });
        }

        public Property When(bool condition)
        {
            return condition ? this : new Property((r, s) => null);
        }

        public Property And(Property other)
        {
            var c = Check;
            return new Property((r, s) => c(r, s) ?? other.Check(r, s));
        }

        public Property And(bool other)
        {
            return And(other.ToProperty());
        }

        public Property Or(Property other)
        {
            var c = Check;
            return new Property((r, s) => c(r, s) == null ? null : other.Check(r, s));
        }

        public Property Or(bool other)
        {
            return Or(other.ToProperty());
        }

        public Property Classify(bool condition, string name)
        {
            return this;
        }

        public Property Collect<T>(T value)
        {
            return this;
        }

        public Property Trivial(bool condition)
        {
            return this;
        }

        public void QuickCheck()
        {
            QuickCheckThrowOnFailure();
        }

        public void QuickCheckThrowOnFailure()
        {
            string e = KeratXunit.PropertyRunner.CheckProperty(this, 100);
            if (e != null)
            {
                throw new global::Xunit.Sdk.XunitException(e);
            }
        }

        public void VerboseCheckThrowOnFailure()
        {
            QuickCheckThrowOnFailure();
        }
    }

    public static class PropExtensions
    {
        public static Property ToProperty(this bool value)
        {
            return new Property((r, s) => value ? null : "false");
        }

        public static Property Label(this bool value, string label)
        {
            return value.ToProperty().Label(label);
        }

        public static Property When(this bool value, bool condition)
        {
            return value.ToProperty().When(condition);
        }

        public static Property And(this bool value, bool other)
        {
            return value.ToProperty().And(other);
        }

        public static Property Or(this bool value, bool other)
        {
            return value.ToProperty().Or(other);
        }
    }

    public static class Prop
    {
        static string Run(Func<object> body, object[] values)
        {
            try
            {
                object result = body();
                string e = KeratXunit.PropertyRunner.Outcome(result, null, 0);
                return e == null ? null : "Falsifiable with " + string.Join(", ", values.Select(global::Xunit.Sdk.ArgumentFormatter.Format)) + ": " + e;
            }
            catch (TargetInvocationException e)
            {
                return "Falsifiable with " + string.Join(", ", values.Select(global::Xunit.Sdk.ArgumentFormatter.Format)) + ": " + e.InnerException;
            }
            catch (Exception e)
            {
                return "Falsifiable with " + string.Join(", ", values.Select(global::Xunit.Sdk.ArgumentFormatter.Format)) + ": " + e;
            }
        }

        public static Property ForAll<T>(Arbitrary<T> a, Func<T, bool> f)
        {
            return new Property((r, s) => { T x = a.Generator.Draw(r, s); return Run(() => f(x), new object[] { x }); });
        }

        public static Property ForAll<T>(Arbitrary<T> a, Func<T, Property> f)
        {
            return new Property((r, s) => { T x = a.Generator.Draw(r, s); return Run(() => f(x), new object[] { x }); });
        }

        public static Property ForAll<T>(Arbitrary<T> a, Action<T> f)
        {
            return new Property((r, s) => { T x = a.Generator.Draw(r, s); return Run(() => { f(x); return null; }, new object[] { x }); });
        }

        public static Property ForAll<T1, T2>(Arbitrary<T1> a, Arbitrary<T2> b, Func<T1, T2, bool> f)
        {
            return new Property((r, s) =>
            {
                T1 x = a.Generator.Draw(r, s);
                T2 y = b.Generator.Draw(r, s);
                return Run(() => f(x, y), new object[] { x, y });
            });
        }

        public static Property ForAll<T1, T2>(Arbitrary<T1> a, Arbitrary<T2> b, Action<T1, T2> f)
        {
            return new Property((r, s) =>
            {
                T1 x = a.Generator.Draw(r, s);
                T2 y = b.Generator.Draw(r, s);
                return Run(() => { f(x, y); return null; }, new object[] { x, y });
            });
        }

        public static Property ForAll<T1, T2, T3>(Arbitrary<T1> a, Arbitrary<T2> b, Arbitrary<T3> c, Func<T1, T2, T3, bool> f)
        {
            return new Property((r, s) =>
            {
                T1 x = a.Generator.Draw(r, s);
                T2 y = b.Generator.Draw(r, s);
                T3 z = c.Generator.Draw(r, s);
                return Run(() => f(x, y, z), new object[] { x, y, z });
            });
        }

        public static Property ForAll<T>(Func<T, bool> f)
        {
            return ForAll(Arb.Default.ArbFor<T>(), f);
        }

        public static Property ForAll<T>(Action<T> f)
        {
            return ForAll(Arb.Default.ArbFor<T>(), f);
        }

        public static Property ForAll<T1, T2>(Func<T1, T2, bool> f)
        {
            return ForAll(Arb.Default.ArbFor<T1>(), Arb.Default.ArbFor<T2>(), f);
        }

        public static Property Throws<TException, T>(Lazy<T> value) where TException : Exception
        {
            return new Property((r, s) =>
            {
                try
                {
                    T ignored = value.Value;
                    return "expected " + typeof(TException).Name + ", nothing was thrown";
                }
                catch (TException)
                {
                    return null;
                }
                catch (Exception e)
                {
                    return "expected " + typeof(TException).Name + ", got " + e.GetType().Name;
                }
            });
        }
    }

    static class Generators
    {
        /// <summary>A generator for a type: a registered Arbitrary (from [Property(Arbitrary = ...)]) or the default.</summary>
        public static Func<Random, int, object> For(Type t, Dictionary<Type, Func<Random, int, object>> registered)
        {
            Func<Random, int, object> g;
            if (registered != null && registered.TryGetValue(t, out g))
            {
                return g;
            }
            if (t == typeof(int)) return (r, s) => r.Next(-s, s + 1);
            if (t == typeof(long)) return (r, s) => (long)r.Next(-s, s + 1);
            if (t == typeof(short)) return (r, s) => (short)r.Next(-s, s + 1);
            if (t == typeof(byte)) return (r, s) => (byte)r.Next(0, 256);
            if (t == typeof(sbyte)) return (r, s) => (sbyte)r.Next(-s, s + 1);
            if (t == typeof(uint)) return (r, s) => (uint)r.Next(0, s + 1);
            if (t == typeof(ulong)) return (r, s) => (ulong)r.Next(0, s + 1);
            if (t == typeof(ushort)) return (r, s) => (ushort)r.Next(0, s + 1);
            if (t == typeof(bool)) return (r, s) => r.Next(2) == 1;
            if (t == typeof(char)) return (r, s) => (char)r.Next(32, 127);
            if (t == typeof(double)) return (r, s) => Math.Round((r.NextDouble() * 2 - 1) * s, r.Next(4));
            if (t == typeof(float)) return (r, s) => (float)Math.Round((r.NextDouble() * 2 - 1) * s, r.Next(4));
            if (t == typeof(decimal)) return (r, s) => (decimal)Math.Round((r.NextDouble() * 2 - 1) * s, r.Next(4));
            if (t == typeof(DateTime)) return (r, s) => new DateTime(1900, 1, 1).AddDays(r.Next(365 * 200)).AddSeconds(r.Next(86400));
            if (t == typeof(PositiveInt)) return (r, s) => new PositiveInt(1 + r.Next(Math.Max(1, s)));
            if (t == typeof(NonNegativeInt)) return (r, s) => new NonNegativeInt(r.Next(s + 1));
            if (t == typeof(NegativeInt)) return (r, s) => new NegativeInt(-1 - r.Next(Math.Max(1, s)));
            if (t == typeof(string))
            {
                var c = For(typeof(char), registered);
                return (r, s) => new string(Enumerable.Range(0, r.Next(s + 1)).Select(i => (char)c(r, s)).ToArray());
            }
            if (t == typeof(NonEmptyString))
            {
                var c = For(typeof(char), registered);
                return (r, s) => new NonEmptyString(new string(Enumerable.Range(0, 1 + r.Next(Math.Max(1, s))).Select(i => (char)c(r, s)).ToArray()));
            }
            if (t.IsEnum)
            {
                var values = Enum.GetValues(t);
                return (r, s) => values.GetValue(r.Next(values.Length));
            }
            if (t.IsArray)
            {
                var e = t.GetElementType();
                var g2 = For(e, registered);
                return (r, s) =>
                {
                    var a = Array.CreateInstance(e, r.Next(s + 1));
                    for (int i = 0; i < a.Length; i++) a.SetValue(g2(r, s), i);
                    return a;
                };
            }
            if (t.IsGenericType)
            {
                var def = t.GetGenericTypeDefinition();
                var args = t.GetGenericArguments();
                if (def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>) || def == typeof(ICollection<>)
                    || def == typeof(IReadOnlyList<>) || def == typeof(IReadOnlyCollection<>))
                {
                    var g2 = For(args[0], registered);
                    var listType = typeof(List<>).MakeGenericType(args[0]);
                    return (r, s) =>
                    {
                        var l = (IList)Activator.CreateInstance(listType);
                        int n = r.Next(s + 1);
                        for (int i = 0; i < n; i++) l.Add(g2(r, s));
                        return l;
                    };
                }
                if (def == typeof(Nullable<>))
                {
                    var g2 = For(args[0], registered);
                    return (r, s) => r.Next(8) == 0 ? null : g2(r, s);
                }
                if (def == typeof(NonNull<>))
                {
                    var g2 = For(args[0], registered);
                    return (r, s) =>
                    {
                        object v = g2(r, s);
                        for (int i = 0; v == null && i < 100; i++) v = g2(r, s);
                        return Activator.CreateInstance(t, v);
                    };
                }
                if (t.FullName.StartsWith("System.Tuple`", StringComparison.Ordinal) || t.FullName.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
                {
                    var gs = args.Select(a => For(a, registered)).ToArray();
                    return (r, s) => Activator.CreateInstance(t, gs.Select(x => x(r, s)).ToArray());
                }
            }
            throw new NotSupportedException("Kerat's FsCheck subset cannot generate values of type " + t.FullName);
        }
    }
}

namespace FsCheck.Xunit
{
    /// <summary>Settings for every [Property] of a class.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Module | AttributeTargets.Assembly, AllowMultiple = false)]
    public class PropertiesAttribute : PropertyAttribute
    {
    }

    /// <summary>A property test: the method is called MaxTest times (100) with generated arguments; it fails when it
    /// throws, returns false, or returns a Property that does not hold.</summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
    public class PropertyAttribute : global::Xunit.FactAttribute
    {
        public PropertyAttribute()
        {
            MaxTest = 100;
            EndSize = 100;
            Arbitrary = new Type[0];
        }

        public Type[] Arbitrary { get; set; }
        public int MaxTest { get; set; }
        public int MaxFail { get; set; }
        public int StartSize { get; set; }
        public int EndSize { get; set; }
        public bool Verbose { get; set; }
        public bool QuietOnSuccess { get; set; }
        public string Replay { get; set; }
        public int Parallelism { get; set; }
    }
}

namespace KeratXunit
{
    using FsCheck;

    /// <summary>The runner's side of [Property] (kept out of the FsCheck namespaces).</summary>
    public static class PropertyRunner
    {
        internal static string CheckProperty(Property p, int count)
        {
            var r = new Random(12345);
            for (int i = 0; i < count; i++)
            {
                string e = p.Check(r, 1 + i * 99 / Math.Max(1, count - 1));
                if (e != null)
                {
                    return "Falsifiable, after " + (i + 1) + " test" + (i == 0 ? "" : "s") + ": " + e;
                }
            }
            return null;
        }

        /// <summary>null when a method's result means success.</summary>
        internal static string Outcome(object result, Random r, int size)
        {
            if (result is bool)
            {
                return (bool)result ? null : "false";
            }
            var p = result as Property;
            if (p != null)
            {
                return p.Check(r ?? new Random(1), size);
            }
            return null;
        }

        static void Register(Type holder, Dictionary<Type, Func<Random, int, object>> registered)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
            var members = new List<KeyValuePair<Type, Func<object>>>();
            foreach (var m in holder.GetMethods(flags))
            {
                if (m.GetParameters().Length == 0 && m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(Arbitrary<>))
                {
                    var mm = m;
                    members.Add(new KeyValuePair<Type, Func<object>>(m.ReturnType, () => mm.Invoke(null, null)));
                }
            }
            foreach (var pr in holder.GetProperties(flags))
            {
                if (pr.PropertyType.IsGenericType && pr.PropertyType.GetGenericTypeDefinition() == typeof(Arbitrary<>))
                {
                    var pp = pr;
                    members.Add(new KeyValuePair<Type, Func<object>>(pr.PropertyType, () => pp.GetValue(null, null)));
                }
            }
            foreach (var member in members)
            {
                Type valueType = member.Key.GetGenericArguments()[0];
                object arb = member.Value();
                object gen = member.Key.GetProperty("Generator").GetValue(arb, null);
                var sample = (Delegate)gen.GetType().GetField("Draw", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(gen);
                registered[valueType] = (r, s) => sample.DynamicInvoke(r, s);
            }
        }

        /// <summary>Runs a [Property] method: returns null when it holds, else the failure message.
        /// Exceptions from the method (assertions) are rethrown with the arguments in a wrapping message.</summary>
        public static string Run(Attribute attribute, object instance, MethodInfo method, out Exception thrown)
        {
            thrown = null;
            var prop = (FsCheck.Xunit.PropertyAttribute)attribute;
            var registered = new Dictionary<Type, Func<Random, int, object>>();
            var classSettings = method.DeclaringType.GetCustomAttributes(typeof(FsCheck.Xunit.PropertiesAttribute), true)
                .Cast<FsCheck.Xunit.PropertiesAttribute>().FirstOrDefault();
            int maxTest = prop.MaxTest;
            if (classSettings != null)
            {
                foreach (var t in classSettings.Arbitrary ?? new Type[0]) Register(t, registered);
                if (maxTest == 100) maxTest = classSettings.MaxTest;
            }
            foreach (var t in prop.Arbitrary ?? new Type[0]) Register(t, registered);
            var ps = method.GetParameters();
            var gens = ps.Select(p => Generators.For(p.ParameterType, registered)).ToArray();
            var r = new Random(12345);
            int endSize = prop.EndSize > 0 ? prop.EndSize : 100;
            for (int i = 0; i < maxTest; i++)
            {
                int size = prop.StartSize + (endSize - prop.StartSize) * i / Math.Max(1, maxTest - 1);
                var args = gens.Select(g => g(r, size)).ToArray();
                string label = "Falsifiable, after " + (i + 1) + " test" + (i == 0 ? "" : "s") + " (0 shrinks):" + Environment.NewLine
                               + "Original:" + Environment.NewLine + "(" + string.Join(", ", args.Select(global::Xunit.Sdk.ArgumentFormatter.Format)) + ")";
                object result;
                try
                {
                    result = method.Invoke(method.IsStatic ? null : instance, args);
                    var task = result as System.Threading.Tasks.Task;
                    if (task != null)
                    {
                        task.GetAwaiter().GetResult();
                        result = null;
                    }
                }
                catch (Exception e)
                {
                    while (e is TargetInvocationException && e.InnerException != null) e = e.InnerException;
                    thrown = e;
                    return label + Environment.NewLine + "with exception:" + Environment.NewLine + e.GetType().FullName + ": " + e.Message;
                }
                string failure = Outcome(result, r, size);
                if (failure != null)
                {
                    return label + (failure == "false" ? "" : Environment.NewLine + failure);
                }
            }
            return null;
        }
    }
}
