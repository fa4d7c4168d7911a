using System.Net.Quic;
using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Yaml;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Validation;

/// <summary>AILERON's httpConfig, listenConfig, http2Config and http3Config: what validate accepts, refuses and warns about (unit).</summary>
public sealed class ServerTransportValidatorTests
{
    private static LoadResult Load(string fields) =>
        TestYaml.Load(TestConfig.WithServerFields(TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:8001"]), ":8080"), fields));

    private static Diagnostic Only(LoadResult result, bool error)
    {
        var found = result.Diagnostics.Where(d => d.IsError == error).ToList();
        Assert.True(found.Count == 1, string.Join('\n', result.Diagnostics));
        Assert.True(found[0].Position.Line > 0 && found[0].Position.Column > 0 && found[0].Position.File == "config.yaml");
        return found[0];
    }

    [Theory]
    [InlineData("httpConfig:\n  listenConfig:\n    sockOption: {soOption: {reuseAddr: true}}", "spec.httpConfig.listenConfig.sockOption: not supported by aileron: socket options")]
    [InlineData("httpConfig:\n  listenConfig:\n    blacklist: true", "spec.httpConfig.listenConfig.blacklist: not supported by aileron: AILERON removed the deny-list")]
    [InlineData("httpConfig:\n  listenConfig:\n    networks: [\"127.0.0.1/32:8080\"]", "spec.httpConfig.listenConfig.networks[0]: '127.0.0.1/32:8080'")]
    [InlineData("httpConfig:\n  listenConfig:\n    addr: \"udp://:53\"", "spec.httpConfig.listenConfig.addr: 'udp://:53': a server listens on a stream network")]
    [InlineData("httpConfig:\n  listenConfig:\n    addr: \"tcp4://[::1]:80\"", "::1 is not an IPv4 address")]
    [InlineData("httpConfig:\n  listenConfig:\n    addr: \"unix://\"", "no socket path")]
    [InlineData("httpConfig:\n  listenConfig:\n    addr: \"unix:///tmp/x.sock\"\n    networks: [\"10.0.0.0/8\"]", "a unix socket's clients have no IP address")]
    [InlineData("httpConfig:\n  listenConfig:\n    network: udp", "'udp' is not tcp, tcp4, tcp6 or unix")]
    [InlineData("httpConfig:\n  readHeaderTimeout: -1", "spec.httpConfig.readHeaderTimeout: -1 (no timeout) is not supported")]
    [InlineData("httpConfig:\n  readHeaderTimeout: 10\nrequestHeadersTimeout: 20s", "spec.httpConfig.readHeaderTimeout: means 10s, but spec.requestHeadersTimeout says 20s: they are one setting")]
    [InlineData("httpConfig:\n  idleTimeout: 0\nkeepAliveTimeout: 1m", "spec.httpConfig.idleTimeout: means 10s, but spec.keepAliveTimeout says 1m")]
    [InlineData("httpConfig:\n  maxHeaderBytes: 8192\nmaxRequestHeadersSize: 8192", "means 12288 bytes (with Go's 4096 bytes of slack), but spec.maxRequestHeadersSize says 8192 bytes")]
    [InlineData("http2Config:\n  maxConcurrentStreams: -3", "spec.http2Config.maxConcurrentStreams: -3 is out of range")]
    [InlineData("httpConfig:\n  unknownThing: 1", "unknown field 'unknownThing' in spec.httpConfig")]
    public void A_transport_field_aileron_cannot_honour_is_an_error_at_its_line(string fields, string message)
    {
        var error = Only(Load(fields), error: true);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpConfig:\n  listenConfig:\n    readDeadline: 100", "readDeadline: has no effect")]
    [InlineData("http2Config:\n  maxEncoderHeaderTableSize: 8192", "maxEncoderHeaderTableSize: has no effect")]
    [InlineData("http2Config:\n  altSvc: h3", "altSvc: has no effect: AILERON declares it but never reads it")]
    [InlineData("http2Config:\n  idleTimeout: 30", "aileron has one idle timeout for HTTP/1.1 and HTTP/2")]
    [InlineData("http2Config:\n  maxReadFrameSize: 100", "100 is outside 16384 to 16777215: the default applies, as in AILERON")]
    [InlineData("http2Config: {}\nhttpConfig:\n  allowHTTP2: true", "allowHTTP2: has no effect: http2Config is set")]
    [InlineData("httpConfig:\n  listenConfig:\n    network: unix\n    addr: /tmp/aileron.sock", "write addr: \"unix:///tmp/aileron.sock\"")]
    public void A_field_that_only_tunes_and_has_no_effect_is_a_warning(string fields, string message)
    {
        var warning = Only(Load(fields), error: false);

        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Load(fields).Diagnostics, d => d.IsError);
    }

    [Fact]
    public void An_empty_refused_block_asks_for_nothing_and_passes()
    {
        Assert.Empty(Load("httpConfig:\n  listenConfig:\n    sockOption: {}").Diagnostics);
        Assert.Empty(Load("httpConfig:\n  listenConfig:\n    sockOption:").Diagnostics);
    }

    [Fact]
    public void Aileron_fields_take_the_value_of_their_aileron_counterparts_and_print_back_the_same()
    {
        var result = Load("httpConfig:\n  readHeaderTimeout: 7\n  idleTimeout: 0\n  maxHeaderBytes: 1000\n  readTimeout: -1\n  writeTimeout: 0");

        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var spec = result.Config!.Servers[0].Spec;
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(10), 5096), (spec.RequestHeadersTimeout, spec.KeepAliveTimeout, spec.MaxRequestHeadersSize));
        var printed = new StringWriter();
        ConfigPrinter.Print(result.Config, printed);
        Assert.Empty(TestYaml.Load(printed.ToString(), "printed.yaml").Diagnostics);
        foreach (var line in new[] { "  requestHeadersTimeout: 7s\n", "  keepAliveTimeout: 10s\n", "  maxRequestHeadersSize: 5096\n", "    readTimeout: -1\n", "    readHeaderTimeout: 7\n", "    writeTimeout: 0\n", "    idleTimeout: 0\n", "    maxHeaderBytes: 1000\n" })
        {
            Assert.Contains(line, printed.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Listen_addresses_take_aileron_network_prefixes_and_listenConfig_addr_wins_over_spec_addr()
    {
        var result = Load("httpConfig:\n  listenConfig:\n    addr: \"tcp4://:9090\"");

        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var listen = result.Config!.Servers[0].Listen;
        Assert.Equal(("tcp4://:9090", 9090, "0.0.0.0"), (listen.Text, listen.Port, listen.Address!.ToString()));
    }

    [Fact]
    public void Http3_is_refused_in_one_line_where_libmsquic_is_missing_and_never_clashes_with_tcp_on_its_port()
    {
        var text = TestConfig.Servers(("tcp", ":8443"), ("quic", ":8443")).Replace(
            "metadata: {name: quic}\nspec:\n",
            "metadata: {name: quic}\nspec:\n  http3Config:\n    tlsConfig:\n      certKeyPairs: [{certFile: a.crt, keyFile: a.key}]\n",
            StringComparison.Ordinal) + TestConfig.Handler("default", TestConfig.LoadBalancer(["http://127.0.0.1:8001"]));

        var result = TestYaml.Load(text);

        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("overlaps", StringComparison.Ordinal));
        Assert.Equal(
            !QuicListener.IsSupported,
            result.Diagnostics.Any(d => d.IsError && d.Message.StartsWith("spec.http3Config: HTTP/3 needs libmsquic", StringComparison.Ordinal)));
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains("a.crt: cannot read it", StringComparison.Ordinal));
    }
}
