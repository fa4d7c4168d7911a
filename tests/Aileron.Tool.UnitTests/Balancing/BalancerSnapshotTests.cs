using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

/// <summary>Where a failed request is retried: the load balancer's next choice without the upstream that failed it.</summary>
public sealed class BalancerSnapshotTests
{
    public static TheoryData<string> Algorithms => [.. Engines.All.Select(a => a.ToString())];

    public static TheoryData<string> HashAlgorithms => [.. Engines.Hashing.Select(a => a.ToString())];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_retry_never_goes_back_to_the_upstream_that_failed(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, 1, 1, 1);
        var failed = balancer.Upstreams[2];

        for (var i = 0; i < 2000; i++)
        {
            var next = balancer.Snapshot.PickExcept(Engines.Key(i), failed);
            Assert.NotNull(next);
            Assert.NotSame(failed, next);
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void The_retries_of_a_dead_upstream_spread_over_the_four_live_ones(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, 1, 1, 1);
        var dead = balancer.Upstreams[2];
        var retriedOn = new int[5];

        for (var i = 0; i < 20_000; i++)
        {
            var key = Engines.Key(i);
            if (ReferenceEquals(balancer.Pick(key), dead))
            {
                retriedOn[balancer.Snapshot.PickExcept(key, dead)!.Index]++;
            }
        }

        var retries = retriedOn.Sum();
        Assert.True(retries > 1000, $"only {retries} picks went to the dead upstream");
        Assert.Equal(0, retriedOn[2]);
        foreach (var live in new[] { 0, 1, 3, 4 })
        {
            // An even spread gives each a quarter; "the next one in config order" gave one of them all.
            Assert.InRange(retriedOn[live] / (double)retries, 0.15, 0.35);
        }
    }

    [Theory]
    [MemberData(nameof(HashAlgorithms))]
    public void A_keys_retry_lands_on_the_same_upstream_in_every_proxy(string algorithm)
    {
        var one = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 2, 1, 3, 1);
        var other = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 2, 1, 3, 1);

        for (var i = 0; i < 1000; i++)
        {
            var key = Engines.Key(i);
            Assert.Equal(
                one.Snapshot.PickExcept(key, one.Upstreams[i % 5])!.Index,
                other.Snapshot.PickExcept(key, other.Upstreams[i % 5])!.Index);
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void With_no_other_active_upstream_there_is_no_retry(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1);

        Assert.Null(balancer.Snapshot.PickExcept(Engines.Key(1), balancer.Upstreams[0]));
    }

    [Fact]
    public void An_upstream_that_wins_every_draw_still_leaves_the_retry_to_another()
    {
        var balancer = Engines.Create(LbAlgorithm.RoundRobin, 65535, 1);

        Assert.Same(balancer.Upstreams[1], balancer.Snapshot.PickExcept(Engines.Key(7), balancer.Upstreams[0]));
    }
}
