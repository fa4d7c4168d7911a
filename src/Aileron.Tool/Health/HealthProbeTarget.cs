using Aileron.Configuration.Model;

namespace Aileron.Health;

/// <summary>What a health probe checks: an http(s) URL to GET, or a <c>tcp://host:port</c> to connect to.</summary>
/// <param name="Text">The address as written in the config, for logs and reports.</param>
internal sealed record HealthProbeTarget(string Text, Uri Uri)
{
    public bool IsTcp => Uri.Scheme.Equals("tcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The upstream's <c>healthCheckAddr</c> when set, else its URL (the config loader has validated both).</summary>
    public static HealthProbeTarget For(UpstreamSpec upstream) =>
        Parse(upstream.HealthCheckAddr.Length > 0 ? upstream.HealthCheckAddr : upstream.Url);

    public static HealthProbeTarget Parse(string address) => new(address, new Uri(address, UriKind.Absolute));

    public override string ToString() => Text;
}
