using System.Net.Quic;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>HTTP/3 needs libmsquic: where it is missing, validate and serve say so in one line (functional: runs the CLI).</summary>
public sealed class Http3Tests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    private string Config()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        var file = Path.Combine(_certs.Directory, "http3.yaml");
        File.WriteAllText(file, TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:1"])),
            $"http3Config:\n  tlsConfig:\n    certKeyPairs:\n      - {{certFile: \"{pair.CertFile}\", keyFile: \"{pair.KeyFile}\"}}"));
        return file;
    }

    [Fact]
    public async Task Validate_and_serve_refuse_http3_in_one_line_where_libmsquic_is_missing()
    {
        if (QuicListener.IsSupported)
        {
            return;
        }

        var file = Config();
        var validate = await CliRun.RunAsync("validate", "-f", file);
        var serve = await CliRun.RunAsync("serve", "-f", file);

        Assert.Equal(1, validate.ExitCode);
        var line = Assert.Single(validate.Output.Split('\n'), l => l.Contains("error:", StringComparison.Ordinal));
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(file)}:\\d+:\\d+: error: spec.http3Config: ", line);
        Assert.EndsWith(
            "HTTP/3 needs libmsquic, which this machine does not have: install it (apt-get install libmsquic, from packages.microsoft.com) or remove http3Config",
            line,
            StringComparison.Ordinal);
        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("HTTP/3 needs libmsquic", serve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("overlaps", validate.Output + serve.Error, StringComparison.Ordinal);
    }
}
