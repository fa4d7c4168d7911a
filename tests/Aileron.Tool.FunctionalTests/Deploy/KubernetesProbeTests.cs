using System.Net;
using System.Text.RegularExpressions;
using Aileron.Admin;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Deploy;

/// <summary>
/// The real CLI, started with the Deployment's command line on the ConfigMap's config (on loopback
/// ports instead of the pod's), answers the probes and the scrape the manifests point at, and stops
/// on SIGTERM well within the grace period. Functional: a child process and sockets.
/// </summary>
public sealed partial class KubernetesProbeTests
{
    [Fact]
    public async Task The_deployment_command_line_answers_its_probes_and_stops_within_the_grace_period()
    {
        var manifests = KubernetesManifests.Load();
        var container = manifests.Container;
        var args = KubeObject.Strings(container, "args");
        var file = Assert.Single(ServeCommandLine.Parse(args).Files);
        var configMap = manifests.Objects.Single(o => o.Kind == "ConfigMap");
        using var config = new TempConfig(AnyPort().Replace(configMap.Data(Path.GetFileName(file))!, "addr: \"127.0.0.1:0\"", 1));
        var local = args.Select((a, i) => a == file ? config.Path : i > 0 && args[i - 1] == "--admin" ? "127.0.0.1:0" : a).ToArray();

        await using var aileron = AileronProcess.Start(local);
        // The Deployment asks for JSON logs, one object per line.
        Match admin = Match.Empty;
        await Eventually.True(() => (admin = AdminListening().Match(aileron.Output)).Success, "the admin listener's JSON log line", 30_000);
        await Eventually.True(() => ProxyListening().IsMatch(aileron.Output), "the proxy's JSON log line", 30_000);
        var adminPort = int.Parse(admin.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = TimeSpan.FromSeconds(10) };

        var liveness = KubeObject.Scalar(container, "livenessProbe.httpGet.path")!;
        var readiness = KubeObject.Scalar(container, "readinessProbe.httpGet.path")!;
        var scrape = KubeObject.Map(manifests.Deployment.Root, "spec.template.metadata.annotations")["prometheus.io/path"];
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(liveness)).StatusCode);
        await Eventually.TrueAsync(async () => (await client.GetAsync(readiness)).StatusCode == HttpStatusCode.OK, $"{readiness} to answer 200", 10_000);
        using var metrics = await client.GetAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("aileron_", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AdminPaths.Metrics, scrape);

        var grace = manifests.Deployment.Int("spec.template.spec.terminationGracePeriodSeconds");
        var preStop = KubeObject.Int(container, "lifecycle.preStop.sleep.seconds");
        aileron.Signal("TERM");
        Assert.Equal(0, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(grace - preStop)));
    }

    [GeneratedRegex("""addr:\s*"?:\d+"?""")]
    private static partial Regex AnyPort();

    [GeneratedRegex("""^\{.*"msg":"admin listening".*"urls":"http://127\.0\.0\.1:(\d+)".*\}$""", RegexOptions.Multiline)]
    private static partial Regex AdminListening();

    [GeneratedRegex("""^\{.*"msg":"listening".*"urls":"http://127\.0\.0\.1:\d+".*\}$""", RegexOptions.Multiline)]
    private static partial Regex ProxyListening();
}
