using Aileron.Configuration.Model;
using Aileron.Health;

namespace Aileron.Tests.Health;

public sealed class HealthProbeTargetTests
{
    [Fact]
    public void Without_a_health_check_addr_the_upstream_url_is_probed()
    {
        var target = HealthProbeTarget.For(new UpstreamSpec { Url = "http://localhost:8001/base" });

        Assert.Equal("http://localhost:8001/base", target.Text);
        Assert.False(target.IsTcp);
    }

    [Theory]
    [InlineData("http://localhost:9001/healthz", false)]
    [InlineData("tcp://localhost:8001", true)]
    [InlineData("TCP://localhost:8001", true)]
    public void The_health_check_addr_wins_over_the_url(string addr, bool tcp)
    {
        var target = HealthProbeTarget.For(new UpstreamSpec { Url = "http://localhost:8001", HealthCheckAddr = addr });

        Assert.Equal(addr, target.Text);
        Assert.Equal(tcp, target.IsTcp);
    }
}
