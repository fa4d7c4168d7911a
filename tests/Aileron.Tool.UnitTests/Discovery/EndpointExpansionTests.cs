using System.Net;
using Aileron.Discovery;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Discovery;

public sealed class EndpointExpansionTests
{
    private const string Config = """
        - lbAlgorithm: Maglev
          upstreams:
            - {url: "http://backend.test:8080/base", weight: 3, resolve: true, resolveInterval: 10s}
            - {url: "http://static.test:9000", resolve: false}
            - {url: "http://other.test", resolve: true}
        """;

    [Fact]
    public void A_resolved_name_becomes_one_endpoint_per_address_in_address_order_keeping_port_path_and_weight()
    {
        var declared = TestConfig.Load(TestConfig.Simple(Config));

        var expanded = EndpointExpansion.Expand(declared, Resolved(("backend.test", ["::1", "127.0.0.2", "127.0.0.1"])));

        var upstreams = expanded.LoadBalancers[0].Spec.Upstreams;
        Assert.Equal(
            ["http://127.0.0.1:8080/base", "http://127.0.0.2:8080/base", "http://[::1]:8080/base", "http://static.test:9000", "http://other.test"],
            upstreams.Select(u => u.Url));
        Assert.All(upstreams.Take(3), u => Assert.Equal(("http://backend.test:8080/base", 3), (u.ResolvedFrom!, u.Weight)));
        Assert.Null(upstreams[4].ResolvedFrom);
    }

    [Fact]
    public void Every_reference_to_the_load_balancer_sees_the_endpoints()
    {
        var declared = TestConfig.Load(TestConfig.Simple(Config));

        var expanded = EndpointExpansion.Expand(declared, Resolved(("backend.test", ["127.0.0.1"])));

        var fromServer = expanded.Servers[0].VirtualHosts[0].Handlers[0].LoadBalancers[0];
        Assert.Same(expanded.LoadBalancers[0], fromServer);
        Assert.Equal("http://127.0.0.1:8080/base", fromServer.Spec.Upstreams[0].Url);
    }

    [Fact]
    public void Without_answers_the_config_stays_as_declared()
    {
        var declared = TestConfig.Load(TestConfig.Simple(Config));

        Assert.Same(declared, EndpointExpansion.Expand(declared, Resolved()));
    }

    [Fact]
    public void The_names_to_follow_are_those_of_resolve_upstreams_with_their_shortest_interval()
    {
        var declared = TestConfig.Load(TestConfig.Simple(Config));

        var names = EndpointExpansion.Names(declared);

        Assert.Equal(2, names.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), names["backend.test"]);
        Assert.Equal(TimeSpan.FromSeconds(30), names["other.test"]);
    }

    private static Dictionary<string, IReadOnlyList<IPAddress>> Resolved(params (string Name, string[] Addresses)[] answers) =>
        answers.ToDictionary(a => a.Name, a => (IReadOnlyList<IPAddress>)[.. a.Addresses.Select(IPAddress.Parse)]);
}
