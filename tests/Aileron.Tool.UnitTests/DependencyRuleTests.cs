using System.Reflection;
using Aileron.Balancing;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests;

/// <summary>
/// The dependency rule of <c>docs/architecture.md</c>, read off the sources and the compiled tool:
/// dependencies between namespaces point one way (no cycle); Balancing depends on no other part of
/// aileron and Patterns on none either; neither knows ASP.NET Core.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] Leaves = ["Aileron.Balancing", "Aileron.Patterns"];

    private static readonly Lazy<SourceGraph> LazySources = new(() => SourceGraph.Load(AppContext.BaseDirectory));

    private static SourceGraph Sources => LazySources.Value;

    [Fact]
    public void Every_type_name_is_declared_once_so_a_name_tells_its_namespace()
    {
        var shadowing = Sources.Files
            .SelectMany(f => f.NestedTypes.Where(Sources.TypeNamespaces.ContainsKey).Select(n => $"{n}: nested in {f.Path}, and declared in {Sources.TypeNamespaces[n]}"))
            .ToList();

        Assert.True(Sources.Files.Count > 100 && Sources.Namespaces.Contains("Aileron.Balancing"), $"read {Sources.Files.Count} files under {Sources.SourceRoot}");
        Assert.True(Sources.DuplicateTypes.Count == 0, "type names declared more than once:\n  " + string.Join("\n  ", Sources.DuplicateTypes));
        Assert.True(shadowing.Count == 0, "nested types named like a type of their own:\n  " + string.Join("\n  ", shadowing));
    }

    [Fact]
    public void Dependencies_between_namespaces_point_one_way()
    {
        var cycle = Sources.FindCycle();

        Assert.True(cycle is null, cycle is null ? string.Empty : DescribeCycle(cycle));
    }

    [Theory]
    [InlineData("Aileron.Balancing")]
    [InlineData("Aileron.Patterns")]
    public void A_leaf_depends_on_no_other_part_of_aileron(string leaf)
    {
        var edges = Sources.Edges.Where(e => e.From == leaf).Select(e => $"{leaf} -> {e.To}: {e.File} ({string.Join(", ", e.Names)})").ToList();

        Assert.True(edges.Count == 0, $"{leaf} must depend on no other aileron namespace:\n  " + string.Join("\n  ", edges));
    }

    [Theory]
    [InlineData("Aileron.Balancing")]
    [InlineData("Aileron.Patterns")]
    public void A_leaf_names_nothing_of_ASP_NET_Core(string leaf)
    {
        var named = Sources.Files
            .Where(f => f.Namespace == leaf)
            .SelectMany(f => f.QualifiedTexts.Where(IsAspNetCore).Select(t => $"{f.Path}: {t}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var project = File.ReadAllText(Path.Combine(Sources.SourceRoot, "Aileron.Tool.csproj"));
        var globalUsings = Sources.Files.Where(f => f.GlobalUsings.Any(IsAspNetCore)).Select(f => $"{f.Path}: global using").ToList();

        Assert.True(named.Count == 0, $"{leaf} must not use ASP.NET Core:\n  " + string.Join("\n  ", named));
        Assert.True(globalUsings.Count == 0, "a global using of ASP.NET Core reaches every file:\n  " + string.Join("\n  ", globalUsings));
        Assert.DoesNotContain("<Using Include=\"Microsoft.AspNetCore", project, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Aileron.Balancing")]
    [InlineData("Aileron.Patterns")]
    public void A_leafs_compiled_types_touch_no_ASP_NET_Core_type(string leaf)
    {
        var types = typeof(LoadBalancer).Assembly.GetTypes().Where(t => t.Namespace == leaf).ToList();

        var touching = types
            .SelectMany(t => TypesTouchedBy(t).Where(u => u.Assembly.GetName().Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
                .Select(u => $"{t.FullName} uses {u.FullName} ({u.Assembly.GetName().Name})"))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(types);
        Assert.True(touching.Count == 0, $"{leaf} must not use ASP.NET Core:\n  " + string.Join("\n  ", touching));
    }

    [Fact]
    public void The_architecture_diagram_is_the_graph_the_sources_make()
    {
        var path = Path.Combine(Sources.RepositoryRoot, "docs", "architecture.md");
        var doc = File.Exists(path) ? File.ReadAllText(path).Replace("\r", string.Empty, StringComparison.Ordinal) : string.Empty;
        var start = doc.IndexOf("```mermaid\n", StringComparison.Ordinal);
        var end = start < 0 ? -1 : doc.IndexOf("\n```", start, StringComparison.Ordinal);
        var diagram = end > start ? doc[(start + "```mermaid\n".Length)..end] : null;
        var expected = Sources.Mermaid();

        Assert.True(
            diagram == expected,
            "docs/architecture.md shows another graph than the sources make; its ```mermaid block should read:\n" + expected);
    }

    private static bool IsAspNetCore(string name) =>
        name.Replace("global::", string.Empty, StringComparison.Ordinal).StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);

    private static string DescribeCycle(IReadOnlyList<string> cycle)
    {
        var lines = new List<string> { "namespace cycle: " + string.Join(" -> ", cycle) };
        for (var i = 0; i + 1 < cycle.Count; i++)
        {
            lines.Add($"  {cycle[i]} -> {cycle[i + 1]}:");
            lines.AddRange(Sources.Evidence(cycle[i], cycle[i + 1]).Select(e => "    " + e));
        }

        return string.Join('\n', lines);
    }

    /// <summary>Every type a type's members, signatures, base types, attributes and method locals name, generic arguments included.</summary>
    private static IEnumerable<Type> TypesTouchedBy(Type type)
    {
        const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.CustomAttributes.Select(a => a.AttributeType));
        direct.AddRange(type.GetFields(All).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(All).Select(p => p.PropertyType));
        direct.AddRange(type.GetEvents(All).Select(e => e.EventHandlerType));
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            direct.Add((method as MethodInfo)?.ReturnType);
            direct.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
        }

        return direct.OfType<Type>().SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var inner in Expand(element))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return inner;
            }
        }
    }
}
