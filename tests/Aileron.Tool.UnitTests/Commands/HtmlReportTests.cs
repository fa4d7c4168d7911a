using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Aileron.Commands;
using Aileron.Simulation;

namespace Aileron.Tests.Commands;

/// <summary>The page of <c>simulate --report</c>, read as text: what it holds, and that it can load nothing. Unit tests: no browser.</summary>
public sealed partial class HtmlReportTests
{
    private static string Page(SimulationInput input)
    {
        var plan = SimulationPlanner.Create(input with { Settings = input.Settings with { Requests = 3_000 } });
        Assert.Null(plan.UsageError);
        using var output = new StringWriter();
        HtmlReport.Write([.. plan.Cases.Select(c => Simulator.RunDetailed(c, plan.Settings))], plan.Settings, "aileron simulate", output);
        return output.ToString();
    }

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    [Fact]
    public void A_comparison_has_a_share_chart_per_algorithm_with_a_bar_and_an_expected_mark_per_upstream()
    {
        var page = Page(new SimulationInput { Compare = true, Weights = "3,1,1" });

        Assert.Equal(
            ["RoundRobin", "Random", "RingHash", "Maglev", "DirectHash", "LeastRequests", "PowerOfTwoChoices"],
            ShareFigure().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Equal(7 * 3, Count(page, "<rect class=\"bar u"));
        Assert.Equal(7 * 3, Count(page, "<line class=\"expected\""));
        Assert.Equal(7, Count(page, "max/mean "));
        Assert.Contains("#1 http://upstream-1 · weight 3 · expected 60.00%", page, StringComparison.Ordinal);
        Assert.DoesNotContain("figure class=\"moved\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_algorithms_that_pick_by_load_get_a_chart_of_it_with_a_line_per_upstream()
    {
        var page = Page(new SimulationInput { Compare = true, UpstreamCount = 4 });

        Assert.Equal(["LeastRequests", "PowerOfTwoChoices"], LoadFigure().Matches(page).Select(m => m.Groups[1].Value));
        Assert.Equal(2 * 4, Count(page, "<polyline class=\"series u"));
        Assert.Equal(2 * 4, Count(page, "<line class=\"ideal u"));
    }

    [Fact]
    public void Each_upstream_change_gets_a_bar_per_algorithm_and_a_mark_for_the_least_possible()
    {
        var page = Page(new SimulationInput { Compare = true, UpstreamCount = 4, Remove = ["2"], Add = 1 });

        Assert.Equal(7 * 3, Count(page, "<rect class=\"bar k") + Count(page, "<rect class=\"bar all"));
        Assert.Equal(7 * 3, Count(page, "<line class=\"least\""));
        Assert.Contains("<th>moved: remove http://upstream-2</th><th>moved: add 1 upstream</th><th>moved: remove http://upstream-2, add 1 upstream</th>", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_can_load_nothing_but_its_own_inline_style_and_script()
    {
        var page = Page(new SimulationInput { Compare = true, UpstreamCount = 3, Remove = ["1"] });

        var style = Assert.Single(StyleElement().Matches(page)).Groups[1].Value;
        var script = Assert.Single(ScriptElement().Matches(page)).Groups[1].Value;
        var policy = Assert.Single(PolicyMeta().Matches(page)).Groups[1].Value;
        Assert.Equal(
            $"default-src 'none'; style-src 'sha256-{Sha256(style)}'; script-src 'sha256-{Sha256(script)}'; img-src 'none'; base-uri 'none'; form-action 'none'",
            policy);
        Assert.True(page.IndexOf(policy, StringComparison.Ordinal) < page.IndexOf("<style>", StringComparison.Ordinal), "the policy comes before what it governs");
        foreach (var loader in new[] { "src=", "href=", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed", "style=", "fetch(", "XMLHttpRequest" })
        {
            Assert.DoesNotContain(loader, page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Names_from_a_config_are_escaped()
    {
        var report = new SimulationReport
        {
            LoadBalancer = "ns/<b>&\"x\"[0]",
            Algorithm = "Maglev",
            Requests = 2,
            Keys = "uniform",
            Seed = 1,
            Upstreams = [new UpstreamShare("http://a/<script>alert(1)</script>", 1, 2, 1, 1)],
            Imbalance = 1,
        };
        using var output = new StringWriter();

        HtmlReport.Write([new SimulationDetail(report, null, [])], new SimulationSettings { Requests = 2 }, "aileron simulate --lb '<i>'", output);

        var page = output.ToString();
        Assert.Single(ScriptElement().Matches(page));
        Assert.Contains("ns/&lt;b&gt;&amp;&quot;x&quot;[0]", page, StringComparison.Ordinal);
        Assert.Contains("http://a/&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("--lb &#39;&lt;i&gt;&#39;", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_upstreams_are_drawn_as_one_path_per_chart_and_their_load_as_its_spread()
    {
        var page = Page(new SimulationInput { Compare = true, UpstreamCount = 500 });

        Assert.Equal(0, Count(page, "<rect class=\"bar"));
        Assert.Equal(7, Count(page, "<path class=\"bar\""));
        Assert.Equal(2 * 3, Count(page, "<polyline class=\"series spread-"));
        Assert.InRange(page.Length, 1, 1_000_000);
    }

    [Fact]
    public void The_same_run_writes_the_same_bytes()
    {
        var input = new SimulationInput { Compare = true, UpstreamCount = 5, Keys = "zipf", Remove = ["3"], Add = 2 };

        Assert.Equal(Page(input), Page(input));
    }

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("<figure class=\"share\" data-algorithm=\"([A-Za-z]+)\">")]
    private static partial Regex ShareFigure();

    [GeneratedRegex("<figure class=\"load\" data-algorithm=\"([A-Za-z]+)\">")]
    private static partial Regex LoadFigure();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")]
    private static partial Regex PolicyMeta();
}
