using Aileron.Configuration.Model;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Model;

/// <summary>
/// A missing or empty <c>metadata.name</c> or <c>namespace</c>, and the same in a reference, mean
/// <c>default</c>, as in AILERON's loader. Unit tests: configs are loaded, nothing listens.
/// </summary>
public sealed class MetadataTests
{
    [Theory]
    [InlineData("metadata: {name: \"\", namespace: \"\"}", "{apiVersion: core/v1, kind: ReverseProxyHandler, name: \"\", namespace: \"\"}")]
    [InlineData("metadata: {name: \"\", namespace: \"\"}", "{apiVersion: core/v1, kind: ReverseProxyHandler}")]
    [InlineData("", "{apiVersion: core/v1, kind: ReverseProxyHandler, name: \"\", namespace: \"\"}")]
    [InlineData("metadata: {name: \"\", namespace: testNamespace}", "{apiVersion: core/v1, kind: ReverseProxyHandler, name: default, namespace: testNamespace}")]
    [InlineData("metadata: {name: testName, namespace: \"\"}", "{apiVersion: core/v1, kind: ReverseProxyHandler, name: testName, namespace: \"\"}")]
    [InlineData("metadata: {name: testName, namespace: \"\"}", "{apiVersion: core/v1, kind: ReverseProxyHandler, name: testName}")]
    public void Empty_names_and_namespaces_are_default_in_resources_and_references(string metadata, string reference)
    {
        var result = TestYaml.Load($$"""
            apiVersion: core/v1
            kind: Entrypoint
            metadata: {name: "", namespace: ""}
            spec:
              runners:
                - {apiVersion: core/v1, kind: HTTPServer, name: "", namespace: ""}
            ---
            apiVersion: core/v1
            kind: HTTPServer
            metadata: {name: "", namespace: ""}
            spec:
              addr: "127.0.0.1:0"
              virtualHosts:
                - handlers:
                    - handler: {{reference}}
            ---
            apiVersion: core/v1
            kind: ReverseProxyHandler
            {{metadata}}
            spec:
              loadBalancers:
                - upstreams:
                    - url: http://127.0.0.1:8001
            """);

        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var server = Assert.Single(result.Config!.Servers);
        Assert.Equal(new ResourceId("core/v1", "HTTPServer", "default", "default"), server.Id);
        var handler = Assert.Single(Assert.Single(server.VirtualHosts).Handlers);
        Assert.DoesNotContain(string.Empty, new[] { handler.HandlerId.Name, handler.HandlerId.Namespace });
    }

    [Fact]
    public void An_empty_name_is_printed_and_named_as_default()
    {
        var metadata = new Metadata { Name = string.Empty, Namespace = string.Empty };

        Assert.Equal((Metadata.DefaultName, Metadata.DefaultName), (metadata.Name, metadata.Namespace));
    }
}
