using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// The namespace dependency graph of the tool's sources, read from the syntax alone: every type
/// declared in <c>src/Aileron.Tool</c> is mapped to its namespace, and each file depends on the
/// namespaces of the aileron types it names (in code or in an XML doc <c>cref</c>; not in comments or
/// strings) and of the aileron namespaces it imports. A name needs no <c>using</c> when its namespace
/// encloses the file's, so names, not imports, are what count; type names are unique, which makes a
/// name enough to know the type (<see cref="DuplicateTypes"/> says when they are not).
/// </summary>
internal sealed class SourceGraph
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Preview, DocumentationMode.Parse);

    private SourceGraph(string sourceRoot, IReadOnlyList<SourceFile> files)
    {
        SourceRoot = sourceRoot;
        Files = files;
        var declared = files.SelectMany(f => f.TopLevelTypes.Select(t => (Type: t, f.Namespace, f.Path))).ToList();
        DuplicateTypes = [.. declared.GroupBy(d => d.Type, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(d => d.Path))}")];
        TypeNamespaces = declared.GroupBy(d => d.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Namespace, StringComparer.Ordinal);
        Namespaces = [.. files.Select(f => f.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Edges = [.. files.SelectMany(EdgesOf)];
    }

    /// <summary>The directory the paths are relative to: <c>src/Aileron.Tool</c>.</summary>
    public string SourceRoot { get; }

    public IReadOnlyList<SourceFile> Files { get; }

    /// <summary>Every namespace a source file declares.</summary>
    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>Top-level type name → namespace.</summary>
    public IReadOnlyDictionary<string, string> TypeNamespaces { get; }

    /// <summary>Type names declared more than once (with their files): then a name does not tell the type.</summary>
    public IReadOnlyList<string> DuplicateTypes { get; }

    /// <summary>One dependency of a file on another namespace, and the names (or the <c>using</c>) that make it.</summary>
    public IReadOnlyList<Edge> Edges { get; }

    /// <summary>The namespace graph: from → the namespaces it depends on.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Graph =>
        Namespaces.ToDictionary(
            n => n,
            n => (IReadOnlySet<string>)Edges.Where(e => e.From == n).Select(e => e.To).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>Reads the sources of the repository that holds <paramref name="startDirectory"/> (the one with tool.sln).</summary>
    public static SourceGraph Load(string startDirectory)
    {
        var root = new DirectoryInfo(startDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "tool.sln")))
        {
            root = root.Parent;
        }

        Assert.True(root is not null, $"no tool.sln in {startDirectory} or above it");
        var sourceRoot = Path.Combine(root.FullName, "src", "Aileron.Tool");
        var files = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(sourceRoot, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => SourceFile.Parse(p, File.ReadAllText(Path.Combine(sourceRoot, p))))
            .ToList();
        return new SourceGraph(sourceRoot, files);
    }

    /// <summary>A dependency cycle among namespaces, as <c>A -> B -> A</c>, or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var graph = Graph;
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Order(StringComparer.Ordinal))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path[path.IndexOf(next)..], next];
                }

                if (state.GetValueOrDefault(next) == 0 && graph.ContainsKey(next) && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in Namespaces)
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>The repository root: the directory with tool.sln.</summary>
    public string RepositoryRoot => Path.GetFullPath(Path.Combine(SourceRoot, "..", ".."));

    /// <summary>
    /// The namespace graph as a Mermaid flowchart: one node per folder of <c>src/Aileron.Tool</c>
    /// (the root namespace is Program.cs), one arrow per dependency, in a stable order.
    /// </summary>
    public string Mermaid()
    {
        static string Id(string ns) => ns == "Aileron" ? "Program" : ns["Aileron.".Length..].Replace('.', '_');
        static string Label(string ns) => ns == "Aileron" ? "Program.cs" : ns["Aileron.".Length..].Replace('.', '/');

        var lines = new List<string> { "graph TD" };
        lines.AddRange(Namespaces.Select(n => $"    {Id(n)}[\"{Label(n)}\"]"));
        lines.AddRange(Edges.Select(e => (e.From, e.To)).Distinct().Order()
            .Select(e => $"    {Id(e.From)} --> {Id(e.To)}"));
        return string.Join('\n', lines);
    }

    /// <summary>The files that make the edge from → to, each with the names that do: <c>Balancing/X.cs (ProxyHost, using Aileron.Hosting)</c>.</summary>
    public IEnumerable<string> Evidence(string from, string to) =>
        Edges.Where(e => e.From == from && e.To == to).Select(e => $"{e.File} ({string.Join(", ", e.Names)})");

    private IEnumerable<Edge> EdgesOf(SourceFile file)
    {
        var names = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string ns, string name)
        {
            if (ns != file.Namespace)
            {
                if (!names.TryGetValue(ns, out var set))
                {
                    names[ns] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(name);
            }
        }

        foreach (var imported in file.Usings.Where(Namespaces.Contains))
        {
            Add(imported, $"using {imported}");
        }

        foreach (var name in file.ReferencedNames.Where(n => !file.NestedTypes.Contains(n)))
        {
            if (TypeNamespaces.TryGetValue(name, out var ns))
            {
                Add(ns, name);
            }
        }

        foreach (var (qualifier, name) in file.QualifiedNames)
        {
            // A name written after its namespace (Aileron.Patterns.MatchType, Configuration.Model.X): that namespace.
            if (TypeNamespaces.TryGetValue(name, out var ns)
                && (ns == qualifier || ns.EndsWith("." + qualifier, StringComparison.Ordinal)))
            {
                Add(ns, name);
            }
        }

        return names.Select(n => new Edge(file.Namespace, n.Key, file.Path, [.. n.Value]));
    }

    internal sealed record Edge(string From, string To, string File, IReadOnlyList<string> Names);

    /// <summary>What one source file declares and names.</summary>
    internal sealed record SourceFile(
        string Path,
        string Namespace,
        IReadOnlyList<string> TopLevelTypes,
        IReadOnlySet<string> NestedTypes,
        IReadOnlyList<string> Usings,
        IReadOnlyList<string> GlobalUsings,
        IReadOnlySet<string> ReferencedNames,
        IReadOnlyList<(string Qualifier, string Name)> QualifiedNames,
        IReadOnlyList<string> QualifiedTexts)
    {
        public static SourceFile Parse(string path, string text)
        {
            var root = CSharpSyntaxTree.ParseText(text, Options, path).GetCompilationUnitRoot();
            var ns = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString() ?? string.Empty;
            var types = root.DescendantNodes().OfType<MemberDeclarationSyntax>()
                .Where(m => m is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                .ToList();
            var usings = root.DescendantNodes().OfType<UsingDirectiveSyntax>()
                .Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name is not null)
                .Select(u => u.Name!.ToString())
                .ToList();
            var members = MembersOf(root);
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            var qualified = new List<(string, string)>();
            foreach (var node in root.DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
            {
                var name = node.Identifier.ValueText;
                if (QualifierOf(node) is { } qualifier)
                {
                    qualified.Add((qualifier, name));
                }
                else if (!IsMemberName(node)
                    && (SyntaxFacts.IsInNamespaceOrTypeContext(node) || !members.Contains(name)))
                {
                    // Where an expression (or a cref) could name either, a member of the file's own types
                    // wins, as C# looks it up: LoadBalancerSpec's PathMatcher property is not Routing's type.
                    referenced.Add(name);
                    if (node.Parent is AttributeSyntax || node.Parent?.Parent is AttributeSyntax)
                    {
                        referenced.Add(name + "Attribute");
                    }
                }
            }

            // Fully qualified names anywhere in code, for the rules on foreign namespaces (Microsoft.AspNetCore...).
            var qualifiedTexts = root.DescendantNodes()
                .Where(n => n is QualifiedNameSyntax or MemberAccessExpressionSyntax && n.Parent is not (QualifiedNameSyntax or MemberAccessExpressionSyntax))
                .Select(n => n.ToString())
                .Concat(usings)
                .ToList();

            return new SourceFile(
                path,
                ns,
                [.. types.Where(t => t.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax).Select(NameOf)],
                types.Where(t => t.Parent is TypeDeclarationSyntax).Select(NameOf).ToHashSet(StringComparer.Ordinal),
                usings,
                [.. root.DescendantNodes().OfType<UsingDirectiveSyntax>().Where(u => !u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.NamespaceOrType.ToString())],
                referenced,
                qualified,
                qualifiedTexts);
        }

        /// <summary>The members the file's types declare, positional record properties included.</summary>
        private static HashSet<string> MembersOf(CompilationUnitSyntax root)
        {
            var members = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case PropertyDeclarationSyntax p:
                        members.Add(p.Identifier.ValueText);
                        break;
                    case MethodDeclarationSyntax m:
                        members.Add(m.Identifier.ValueText);
                        break;
                    case EventDeclarationSyntax e:
                        members.Add(e.Identifier.ValueText);
                        break;
                    case BaseFieldDeclarationSyntax f:
                        members.UnionWith(f.Declaration.Variables.Select(v => v.Identifier.ValueText));
                        break;
                    case EnumMemberDeclarationSyntax e:
                        members.Add(e.Identifier.ValueText);
                        break;
                    case RecordDeclarationSyntax { ParameterList: { } parameters }:
                        members.UnionWith(parameters.Parameters.Select(p => p.Identifier.ValueText));
                        break;
                }
            }

            return members;
        }

        private static string NameOf(MemberDeclarationSyntax type) => type switch
        {
            BaseTypeDeclarationSyntax t => t.Identifier.ValueText,
            DelegateDeclarationSyntax d => d.Identifier.ValueText,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };

        /// <summary>The text before the dot when this name is written after one (<c>A.B.Name</c>), else null.</summary>
        private static string? QualifierOf(SimpleNameSyntax node) => node.Parent switch
        {
            QualifiedNameSyntax q when q.Right == node => q.Left.ToString(),
            MemberAccessExpressionSyntax m when m.Name == node => m.Expression.ToString(),
            NameMemberCrefSyntax { Parent: QualifiedCrefSyntax c } => c.Container.ToString(),
            _ => null,
        };

        /// <summary>A name that is a member, not a type: <c>x?.Name</c>, <c>new X { Name = … }</c>, <c>f(name: …)</c>, <c>[A(Name = …)]</c>.</summary>
        private static bool IsMemberName(SimpleNameSyntax node) => node.Parent switch
        {
            MemberBindingExpressionSyntax => true,
            AssignmentExpressionSyntax a when a.Left == node && a.Parent is InitializerExpressionSyntax => true,
            NameColonSyntax or NameEqualsSyntax => true,
            _ => false,
        };
    }
}
