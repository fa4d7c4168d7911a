using Aileron.Configuration.Model;

namespace Aileron.Admin;

/// <summary>What requests a load balancer takes: its hosts, methods and matchers (every list AND, patterns OR).</summary>
internal sealed record BalancerMatchReport(
    IReadOnlyList<string> Hosts,
    IReadOnlyList<string> Methods,
    IReadOnlyList<PathMatchReport> Paths,
    IReadOnlyList<ParamMatchReport> Headers,
    IReadOnlyList<ParamMatchReport> Queries,
    IReadOnlyList<ParamMatchReport> PathParams)
{
    public static BalancerMatchReport From(LoadBalancerSpec lb) => new(
        lb.Hosts,
        [.. lb.Methods.Select(m => m.ToString())],
        [.. lb.AllPathMatchers.Select(p => new PathMatchReport(p.Match, p.MatchType.ToString()))],
        Params(lb.HeaderMatchers),
        Params(lb.QueryMatchers),
        Params(lb.PathParamMatchers));

    /// <summary>One line for the table: <c>hosts a.example; methods GET; path Prefix /</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        Add("host", Hosts);
        Add("method", Methods);
        Add("path", [.. Paths.Select(p => $"{p.MatchType} {p.Match}")]);
        AddParams("header", Headers);
        AddParams("query", Queries);
        AddParams("path param", PathParams);
        return parts.Count == 0 ? "any request" : string.Join("; ", parts);

        void Add(string what, IReadOnlyList<string> items)
        {
            if (items.Count > 0)
            {
                parts.Add($"{what}{(items.Count > 1 ? "s" : string.Empty)} {string.Join(", ", items)}");
            }
        }

        void AddParams(string what, IReadOnlyList<ParamMatchReport> matchers) =>
            parts.AddRange(matchers.Select(m => $"{what} {m.Key} {m.MatchType} {string.Join(" | ", m.Patterns)}"));
    }

    private static ParamMatchReport[] Params(IReadOnlyList<ParamMatcherSpec> matchers) =>
        [.. matchers.Select(m => new ParamMatchReport(m.Key, m.Patterns, m.MatchType.ToString()))];
}
