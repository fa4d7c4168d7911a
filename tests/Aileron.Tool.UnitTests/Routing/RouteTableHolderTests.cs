using Aileron.Routing;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Routing;

/// <summary>The table a server serves from: read once per request, swapped whole by a reload.</summary>
public sealed class RouteTableHolderTests
{
    [Fact]
    public void The_initial_table_serves_until_a_swap_and_the_swap_hands_back_the_one_it_replaced()
    {
        var first = TestRoutes.Table(TestConfig.Simple(TestConfig.LoadBalancer(["http://first.test"])));
        var second = TestRoutes.Table(TestConfig.Simple(TestConfig.LoadBalancer(["http://second.test"])));
        var holder = new RouteTableHolder(first);

        Assert.Same(first, holder.Current);
        Assert.Same(first, holder.Swap(second));
        Assert.Same(second, holder.Current);
        Assert.Equal("http://second.test", holder.Current.Match(TestRoutes.Request("GET", "/")).LoadBalancer!.Balancer.Upstreams[0].Url);
    }
}
