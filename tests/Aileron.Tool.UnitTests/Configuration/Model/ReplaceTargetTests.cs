using Aileron.Configuration.Model;

namespace Aileron.Tests.Configuration.Model;

/// <summary>Unit: dialConfig.replaceTargets rules as AILERON writes them.</summary>
public sealed class ReplaceTargetTests
{
    [Theory]
    [InlineData("(tcp|localhost:8080) > (unix|@hello)", "localhost", 8080, "unix", "@hello")]
    [InlineData("(tcp|example.com:80) (unix|/var/run/example.sock)", "example.com", 80, "unix", "/var/run/example.sock")]
    [InlineData("( tcp | a.test:1 )>>( tcp4 | b.test:2 )", "a.test", 1, "tcp", "b.test:2")]
    [InlineData("(tcp6|[::1]:8080) > (unix|/s)", "::1", 8080, "unix", "/s")]
    public void A_rule_names_the_target_it_replaces_and_where_it_goes(string text, string host, int port, string network, string to)
    {
        Assert.True(ReplaceTarget.TryParse(text, out var rule, out var error), error);

        Assert.Equal(new ReplaceTarget(host, port, network, to), rule);
    }

    [Theory]
    [InlineData("tcp|a:1 > unix|/s", "is not a rule")]
    [InlineData("(tcp|a) > (unix|/s)", "the left side must be (tcp|host:port)")]
    [InlineData("(unix|/a) > (unix|/s)", "the left side must be (tcp|host:port)")]
    [InlineData("(tcp|a:1) > (tcp|b)", "needs a port")]
    [InlineData("(tcp|a:1) > (unixgram|/s)", "not unixgram")]
    [InlineData("(tcp|a:1) x (unix|/s)", "is not a rule")]
    public void A_malformed_rule_says_what_is_wrong(string text, string message)
    {
        Assert.False(ReplaceTarget.TryParse(text, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
