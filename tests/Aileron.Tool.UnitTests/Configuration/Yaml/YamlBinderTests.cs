using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace Aileron.Tests.Configuration.Yaml;

public sealed class YamlBinderTests
{
    private static (T? Node, DiagnosticBag Diagnostics) Bind<T>(string yaml)
        where T : ConfigNode
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var diagnostics = new DiagnosticBag();
        var node = new YamlBinder("f.yaml", diagnostics).BindMapping<T>(stream.Documents[0].RootNode, "spec");
        return (node, diagnostics);
    }

    [Fact]
    public void Fields_bind_by_camel_case_name_and_keep_their_positions()
    {
        var (upstream, d) = Bind<UpstreamSpec>("url: http://a\nweight: 3\nenableActive: true\n");

        Assert.Empty(d.Items);
        Assert.Equal(("http://a", 3, true), (upstream!.Url, upstream.Weight, upstream.EnableActive));
        Assert.Equal(new SourcePosition("f.yaml", 2, 9), upstream.PositionOf("weight"));
        Assert.True(upstream.IsSet("weight"));
        Assert.False(upstream.IsSet("initialDelay"));
    }

    [Fact]
    public void An_unknown_field_is_an_error_suggesting_the_nearest_name()
    {
        var (_, d) = Bind<UpstreamSpec>("url: http://a\nwieght: 3\n");

        var error = Assert.Single(d.Items);
        Assert.Equal(new SourcePosition("f.yaml", 2, 1), error.Position);
        Assert.Equal("unknown field 'wieght' in spec; did you mean 'weight'?", error.Message);
    }

    [Fact]
    public void An_unknown_field_far_from_any_name_lists_the_valid_fields()
    {
        var (_, d) = Bind<HasherSpec>("zzzzzzzz: 1\n");

        Assert.Contains("valid fields: hashSource, key", Assert.Single(d.Items).Message);
    }

    [Fact]
    public void An_aileron_field_that_aileron_does_not_implement_is_a_warning()
    {
        var (upstream, d) = Bind<UpstreamSpec>("url: http://a\ncircuitBreaker: {}\n");

        var warning = Assert.Single(d.Items);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("spec.circuitBreaker: ignored: not supported by aileron", warning.Message);
        Assert.NotNull(upstream);
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_valid_values_nearest_first()
    {
        var (_, d) = Bind<LoadBalancerSpec>("lbAlgorithm: RingHsh\n");

        var error = Assert.Single(d.Items).Message;
        Assert.StartsWith("spec.lbAlgorithm: unknown value 'RingHsh'; did you mean 'RingHash'? Valid values: RingHash,", error);
    }

    [Theory]
    [InlineData("weight: [1]", "spec.weight: expected a whole number, found a list")]
    [InlineData("weight: 1.5", "spec.weight: expected a whole number, found '1.5'")]
    [InlineData("enableActive: yes", "spec.enableActive: expected true or false, found 'yes'")]
    [InlineData("url: {a: 1}", "spec.url: expected a string, found a mapping")]
    public void A_value_of_the_wrong_type_is_an_error_naming_the_expected_type(string yaml, string message)
    {
        var (upstream, d) = Bind<UpstreamSpec>(yaml);

        Assert.Equal(message, Assert.Single(d.Items).Message);
        Assert.Single(upstream!.InvalidFields);
    }

    [Fact]
    public void Lists_bind_item_by_item_and_remember_item_positions()
    {
        var (vh, d) = Bind<VirtualHostSpec>("hosts:\n  - a.example\n  - b.example\nmethods: [GET, POST]\n");

        Assert.Empty(d.Items);
        Assert.Equal(["a.example", "b.example"], vh!.Hosts);
        Assert.Equal([HttpMethodName.GET, HttpMethodName.POST], vh.Methods);
        Assert.Equal(3, vh.PositionOf("hosts[1]").Line);
    }

    [Fact]
    public void A_null_value_leaves_the_default()
    {
        var (server, d) = Bind<HttpServerSpec>("addr: ~\nshutdownTimeout:\n");

        Assert.Empty(d.Items);
        Assert.Equal((":8080", 30), (server!.Addr, server.ShutdownTimeout));
    }

    [Fact]
    public void A_nested_node_knows_its_path()
    {
        var (lb, _) = Bind<LoadBalancerSpec>("upstreams:\n  - url: http://a\n  - url: http://b\n");

        Assert.Equal("spec.upstreams[1]", lb!.Upstreams[1].Path);
        Assert.Equal(3, lb.Upstreams[1].Position.Line);
    }
}
