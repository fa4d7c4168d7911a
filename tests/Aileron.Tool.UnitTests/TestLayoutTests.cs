using System.Reflection;
using System.Runtime.CompilerServices;
using Aileron.Routing;

namespace Aileron.Tests;

/// <summary>
/// The tests mirror the source: every type of Routing and Patterns that has behaviour of its own (a
/// method that is not a property accessor or compiler-generated) has a <c>&lt;Type&gt;Tests</c> class
/// in the namespace that mirrors its own. Enums and plain data carriers need none.
/// </summary>
public sealed class TestLayoutTests
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Theory]
    [InlineData("Aileron.Routing")]
    [InlineData("Aileron.Patterns")]
    public void Every_type_with_behaviour_has_its_own_test_class(string sourceNamespace)
    {
        var tests = typeof(TestLayoutTests).Assembly.GetTypes().Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);
        var types = typeof(RouteTable).Assembly.GetTypes()
            .Where(t => t.Namespace == sourceNamespace && !t.IsNested && !t.IsEnum && !IsGenerated(t))
            .ToList();

        var missing = types
            .Where(HasBehaviour)
            .Select(t => $"Aileron.Tests.{sourceNamespace["Aileron.".Length..]}.{t.Name}Tests")
            .Where(name => !tests.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(types);
        Assert.True(missing.Count == 0, $"types of {sourceNamespace} without their test class:\n  {string.Join("\n  ", missing)}");
    }

    private static bool HasBehaviour(Type type) =>
        type.GetMethods(Declared).Any(m => !m.IsSpecialName && !IsGenerated(m) && !m.Name.StartsWith('<'));

    private static bool IsGenerated(MemberInfo member) =>
        member.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || member.Name.Contains('<', StringComparison.Ordinal);
}
