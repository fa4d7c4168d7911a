using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration;

/// <summary>
/// AILERON kinds aileron does not run are named in one line each ("kind X is not supported by
/// aileron"), never reported as a missing reference or a wrong kind. Unit tests: configs are loaded,
/// nothing listens.
/// </summary>
public sealed class ResolverTests
{
    /// <summary>AILERON's examples/error-handler, in our words: a static file server behind a header policy.</summary>

    [Fact]
    public void Each_kind_aileron_does_not_run_is_named_in_one_line_and_nothing_else_is_reported()
    {
        var result = TestYaml.Load(AileronYaml.StaticFilesBehindMiddleware);

        Assert.Equal(
            [
                "kind HeaderPolicyMiddleware is not supported by aileron: spec.virtualHosts[0].middleware[0] refers to app/v1 HeaderPolicyMiddleware",
                "kind StaticFileHandler is not supported by aileron: spec.virtualHosts[0].handlers[0].handler refers to core/v1 StaticFileHandler",
            ],
            result.Diagnostics.Select(d => d.Message));
        Assert.All(result.Diagnostics, d => Assert.True(d.IsError));
    }

    [Theory]
    [InlineData("core/v1", "TemplateHandler")]
    [InlineData("core/v1", "HTTPHandler")]
    [InlineData("app/v1", "EchoHandler")]
    [InlineData("app/v1", "HealthCheckHandler")]
    public void A_handler_of_another_AILERON_kind_is_refused_even_when_no_such_resource_is_loaded(string apiVersion, string kind)
    {
        var result = TestYaml.Load($$"""
            apiVersion: core/v1
            kind: Entrypoint
            spec:
              runners: [{apiVersion: core/v1, kind: HTTPServer}]
            ---
            apiVersion: core/v1
            kind: HTTPServer
            spec:
              virtualHosts:
                - handlers:
                    - handler: {apiVersion: {{apiVersion}}, kind: {{kind}}}
            """);

        var d = Assert.Single(result.Diagnostics);
        Assert.True(d.IsError);
        Assert.StartsWith($"kind {kind} is not supported by aileron", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("roundTripper: {apiVersion: core/v1, kind: HTTPLogger}", "kind HTTPLogger is not supported by aileron: spec.roundTripper refers to")]
    [InlineData("tripperwares: [{apiVersion: core/v1, kind: HTTPLogger}]", "kind HTTPLogger is not supported by aileron: spec.tripperwares[0] refers to")]
    public void A_transport_or_tripperware_of_the_proxy_is_refused(string field, string error)
    {
        var result = TestYaml.Load(TestYaml.EntrypointAndServer + "\n" + $"""
            apiVersion: core/v1
            kind: ReverseProxyHandler
            spec:
              {field}
              loadBalancers:
                - upstreams: [{"{"}url: http://localhost:8001{"}"}]
            """);

        Assert.StartsWith(error, Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_of_a_kind_aileron_does_not_run_that_nothing_refers_to_is_a_warning()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("    - upstreams: [{url: http://localhost:8001}]") + """

            ---
            apiVersion: app/v1
            kind: OpenTelemetryTracer
            spec: {}
            """);

        var d = Assert.Single(result.Diagnostics);
        Assert.False(d.IsError);
        Assert.Equal("kind OpenTelemetryTracer is not supported by aileron; ignored: nothing aileron runs refers to it", d.Message);
    }

    [Fact]
    public void An_app_v1_kind_AILERON_does_not_have_is_unknown_with_a_suggestion()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("    - upstreams: [{url: http://localhost:8001}]") + """

            ---
            apiVersion: app/v1
            kind: CORSMiddelware
            spec: {}
            """);

        Assert.Equal("unknown kind 'CORSMiddelware' in app/v1; did you mean 'CORSMiddleware'?", Assert.Single(result.Diagnostics).Message);
    }
}
