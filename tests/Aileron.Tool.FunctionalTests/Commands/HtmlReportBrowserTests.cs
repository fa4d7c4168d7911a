using Aileron.Tests.TestSupport;
using Xunit.Abstractions;

namespace Aileron.Tests.Commands;

/// <summary>
/// <c>simulate --report</c>'s page in a real browser (Debian's headless Chromium over the DevTools
/// protocol): its charts render, its own style and script run under its Content-Security-Policy,
/// nothing throws or logs an error, it requests nothing but itself, and a screenshot is kept beside
/// the test output. Functional: a browser process and a local WebSocket.
/// </summary>
public sealed class HtmlReportBrowserTests(ITestOutputHelper log)
{
    private static readonly string[] Algorithms = ["RoundRobin", "Random", "RingHash", "Maglev", "DirectHash", "LeastRequests", "PowerOfTwoChoices"];

    [Fact]
    public async Task The_report_renders_its_charts_in_chromium_without_an_error_or_a_request()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var token = deadline.Token;
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "report-screenshots")).FullName;
        var page = Path.Combine(folder, "simulate-report.html");
        var run = await CliRun.RunAsync(
            "simulate", "--compare", "--weights", "3,1,1,1", "--requests", "20000", "--remove", "2", "--add", "1", "--report", page);
        Assert.True(run.ExitCode == 0, run.Error);

        await using var chromium = await HeadlessChromium.LaunchAsync(token);
        foreach (var domain in new[] { "Runtime", "Log", "Page", "Network" })
        {
            await chromium.SendAsync(domain + ".enable", null, token);
        }

        await chromium.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 1280, height = 900, deviceScaleFactor = 1, mobile = false }, token);
        var url = new Uri(page).AbsoluteUri;
        await chromium.SendAsync("Page.navigate", new { url }, token);
        await chromium.WaitForEventAsync("Page.loadEventFired", token);

        var state = (await chromium.EvaluateAsync(Inspect, token))!.AsObject();
        log.WriteLine(state.ToJsonString());
        Assert.Equal("true", (string?)state["ready"]);
        Assert.Equal(Algorithms, state["shares"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(Algorithms.Length, (int)state["renderedShareCharts"]!);
        Assert.Equal(Algorithms.Length * 4, (int)state["bars"]!);
        Assert.Equal(Algorithms.Length * 4, (int)state["tallBars"]!);
        Assert.Equal(Algorithms.Length * 3, (int)state["movedBars"]!); // remove, add, both
        Assert.Equal(["LeastRequests", "PowerOfTwoChoices"], state["loads"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(2 * 4, (int)state["loadLines"]!);
        Assert.Equal("rgb(78, 121, 167)", (string?)state["firstBarFill"]); // the inline style applied: the policy let it in

        // The script's hover highlight: pointing at upstream #2's bar dims the other upstreams' shapes.
        var center = state["secondBar"]!;
        await chromium.SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x = (double)center["x"]!, y = (double)center["y"]! }, token);
        var dimmed = await chromium.EvaluateAsync("document.querySelectorAll('.dim').length", token);
        var kept = await chromium.EvaluateAsync("document.querySelectorAll('[data-upstream=\"g1u2\"]:not(.dim)').length", token);
        Assert.True((int)dimmed! > 0, "pointing at a bar dims the other upstreams");
        Assert.True((int)kept! > 0, "the upstream pointed at stays lit");

        var height = (int)(await chromium.EvaluateAsync("Math.ceil(document.documentElement.scrollHeight)", token))!;
        await chromium.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 1280, height, deviceScaleFactor = 1, mobile = false }, token);
        var shot = await chromium.SendAsync("Page.captureScreenshot", new { format = "png" }, token);
        var png = Convert.FromBase64String((string)shot["data"]!);
        var screenshot = Path.Combine(folder, "simulate-report.png");
        await File.WriteAllBytesAsync(screenshot, png, token);
        log.WriteLine($"screenshot: {screenshot}");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));

        var events = chromium.Events;
        Assert.Empty(events.Where(e => e.Method == "Runtime.exceptionThrown").Select(e => e.Params.ToJsonString()));
        Assert.Empty(events.Where(e => e.Method == "Runtime.consoleAPICalled" && (string?)e.Params["type"] is "error" or "warning").Select(e => e.Params.ToJsonString()));
        Assert.Empty(events.Where(e => e.Method == "Log.entryAdded" && (string?)e.Params["entry"]?["level"] is "error" or "warning").Select(e => e.Params.ToJsonString()));
        var requests = events.Where(e => e.Method == "Network.requestWillBeSent").Select(e => (string?)e.Params["request"]?["url"]).ToList();
        Assert.Equal([url], requests);
    }

    /// <summary>What the page shows, measured by the browser's layout: shapes must have a size, not merely exist.</summary>
    private const string Inspect = """
        (() => {
          const rendered = (element) => { const box = element.getBoundingClientRect(); return box.width > 0 && box.height > 0; };
          const bars = [...document.querySelectorAll('figure.share rect.bar')];
          const target = document.querySelector('figure.share rect.bar[data-upstream="g1u2"]');
          target.scrollIntoView({ block: 'center' });
          const second = target.getBoundingClientRect();
          return {
            ready: document.documentElement.getAttribute('data-ready'),
            shares: [...document.querySelectorAll('figure.share')].map(f => f.getAttribute('data-algorithm')),
            renderedShareCharts: [...document.querySelectorAll('figure.share svg.chart')].filter(rendered).length,
            bars: bars.length,
            tallBars: bars.filter(b => b.getBBox().height > 1).length,
            movedBars: [...document.querySelectorAll('figure.moved rect.bar')].filter(rendered).length,
            loads: [...document.querySelectorAll('figure.load')].map(f => f.getAttribute('data-algorithm')),
            loadLines: [...document.querySelectorAll('figure.load polyline.series')].filter(p => p.getTotalLength() > 0).length,
            firstBarFill: getComputedStyle(bars[0]).fill,
            secondBar: { x: second.x + second.width / 2, y: second.y + second.height / 2 },
          };
        })()
        """;
}
