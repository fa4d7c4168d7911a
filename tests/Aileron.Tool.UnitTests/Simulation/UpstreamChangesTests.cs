using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Simulation;
using Aileron.Tests.Balancing;

namespace Aileron.Tests.Simulation;

public sealed class UpstreamChangesTests
{
    private static readonly LoadBalancerSpec Five = Engines.Spec(LbAlgorithm.Maglev, 1, 1, 1, 1, 1);

    [Fact]
    public void No_flags_mean_no_change()
    {
        Assert.Null(UpstreamChanges.Apply(Five, [], 0, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("2", 1)]
    [InlineData("http://upstream-4", 3)]
    [InlineData("HTTP://UPSTREAM-5/", 4)]
    public void Remove_takes_an_index_from_1_or_a_url(string target, int index)
    {
        var change = UpstreamChanges.Apply(Five, [target], 0, out _)!;

        Assert.Equal([index], change.Down);
        Assert.Equal(Five.Upstreams, change.After.Upstreams);
    }

    [Fact]
    public void Added_upstreams_come_last_with_new_urls_and_weight_1()
    {
        var spec = Engines.Spec(LbAlgorithm.Maglev, 1, 1) with
        {
            Upstreams = [new UpstreamSpec { Url = "http://upstream-3" }, new UpstreamSpec { Url = "http://b" }],
        };

        var change = UpstreamChanges.Apply(spec, [], 2, out _)!;

        Assert.Equal(["http://upstream-3", "http://b", "http://upstream-4", "http://upstream-5"], change.After.Upstreams.Select(u => u.Url));
        Assert.All(change.After.Upstreams, u => Assert.Equal(1, u.Weight));
    }

    [Fact]
    public void Expected_shares_after_the_change_leave_out_what_went_down()
    {
        var change = UpstreamChanges.Apply(Engines.Spec(LbAlgorithm.Maglev, 2, 1, 1), ["1"], 2, out _)!;

        Assert.Equal([0, 0.25, 0.25, 0.25, 0.25], change.ExpectedShares());
    }

    [Theory]
    [InlineData("6", "--remove 6: there are 5 upstreams: give an index from 1 to 5, or a URL")]
    [InlineData("0", "--remove 0: there are 5 upstreams: give an index from 1 to 5, or a URL")]
    [InlineData("http://upstream-9", "--remove http://upstream-9: no such upstream; did you mean http://upstream-1? (give a URL of the load balancer or its index from 1)")]
    public void A_remove_that_names_no_upstream_is_a_one_line_error(string target, string message)
    {
        Assert.Null(UpstreamChanges.Apply(Five, [target], 0, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Removing_every_upstream_or_one_twice_is_an_error()
    {
        UpstreamChanges.Apply(Engines.Spec(LbAlgorithm.Maglev, 1, -1), ["1"], 0, out var none);
        UpstreamChanges.Apply(Five, ["1", "http://upstream-1"], 0, out var twice);
        UpstreamChanges.Apply(Engines.Spec(LbAlgorithm.Maglev, 1, -1), ["2"], 0, out var disabled);

        Assert.StartsWith("--remove would leave no upstream", none);
        Assert.Contains("removed twice", twice);
        Assert.Contains("disabled: weight -1", disabled);
    }

    [Fact]
    public void A_change_says_what_it_does()
    {
        Assert.Equal("remove http://upstream-2, remove http://upstream-4, add 2 upstreams", UpstreamChanges.Apply(Five, ["2", "4"], 2, out _)!.Description);
        Assert.Equal("add 1 upstream", UpstreamChanges.Apply(Five, [], 1, out _)!.Description);
    }

    [Fact]
    public void Steps_are_each_change_alone_and_only_when_there_are_several()
    {
        Assert.Empty(UpstreamChanges.Steps(Five, ["2"], 0));
        Assert.Empty(UpstreamChanges.Steps(Five, [], 3));

        var steps = UpstreamChanges.Steps(Five, ["2", "http://upstream-5"], 1);

        Assert.Equal(["remove http://upstream-2", "remove http://upstream-5", "add 1 upstream"], steps.Select(s => s.Description));
        Assert.Equal([[1], [4], []], steps.Select(s => s.Down));
        Assert.Equal([5, 5, 6], steps.Select(s => s.After.Upstreams.Count));
    }
}
