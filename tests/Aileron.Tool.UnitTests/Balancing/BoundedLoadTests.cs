using Aileron.Balancing;
using Aileron.Simulation;

namespace Aileron.Tests.Balancing;

/// <summary>Consistent hashing with bounded loads under skewed (Zipf) keys, through the real engine and simulate's traffic model.</summary>
public sealed class BoundedLoadTests
{
    private const int Requests = 50_000;
    private const int Concurrency = 32;

    [Theory]
    [InlineData("Maglev", 100)]
    [InlineData("Maglev", 1000)]
    [InlineData("Maglev", 10_000)]
    [InlineData("RingHash", 100)]
    [InlineData("RingHash", 1000)]
    public void No_upstream_carries_more_than_the_factor_times_the_mean_in_flight_or_in_picks(string algorithm, int keys)
    {
        var run = Run(algorithm, keys, factor: 1.25);

        Assert.True(run.MaxInFlightRatio <= 1.25 + 1e-9, $"{run.MaxInFlightRatio:0.###} × the mean in flight");
        Assert.True(run.MaxPickRatio <= 1.25 + 1e-9, $"{run.MaxPickRatio:0.###} × the mean of picks");
    }

    [Theory]
    [InlineData("Maglev", 100)]
    [InlineData("RingHash", 100)]
    public void Without_the_factor_zipf_keys_pile_on_one_upstream(string algorithm, int keys)
    {
        var run = Run(algorithm, keys, factor: 0);

        Assert.True(run.MaxPickRatio > 1.3, $"{run.MaxPickRatio:0.###} × the mean: the skew this bound exists for");
        Assert.Equal(0, run.Overflowed);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(10_000)]
    public void A_key_leaves_its_first_choice_only_when_that_upstream_is_full(int keys)
    {
        var run = Run("Maglev", keys, factor: 1.25);

        Assert.True(run.Overflowed > 0);
        Assert.Equal(0, run.MovedWithRoom);
    }

    [Fact]
    public void The_same_keys_overflow_alike_in_two_proxies()
    {
        var one = Run("Maglev", 100, factor: 1.25);
        var other = Run("Maglev", 100, factor: 1.25);

        Assert.Equal(one.Picks, other.Picks);
    }

    private static Outcome Run(string algorithm, int keys, double factor)
    {
        var spec = Engines.Spec(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, 1, 1, 1) with { HashBalanceFactor = factor };
        var balancer = spec.CreateBalancer(new RandomSource(7));
        var run = new TrafficRun(balancer, Concurrency, seed: 11);
        var stream = new KeyStream(KeyDistribution.Zipf, keys, seed: 3);
        var maxInFlight = 0.0;
        var overflowed = 0;
        var movedWithRoom = 0;
        for (var i = 0; i < Requests; i++)
        {
            var key = stream.Next();
            var first = balancer.Snapshot.Pick(key)!;
            var picked = run.Send(key);
            if (!ReferenceEquals(first, picked))
            {
                overflowed++;
                // The first choice's count is what it was at the pick; the total now counts the new request, as the pick did.
                var total = balancer.Upstreams.Sum(u => u.InFlight);
                movedWithRoom += BoundedLoad.HasRoom(first, total, 5, factor) ? 1 : 0;
            }

            var inFlight = balancer.Upstreams.Sum(u => u.InFlight);
            if (inFlight == Concurrency)
            {
                maxInFlight = Math.Max(maxInFlight, balancer.Upstreams.Max(u => u.InFlight) / (inFlight / 5.0));
            }
        }

        var picks = run.Picks.ToArray();
        return new Outcome(picks, picks.Max() / (Requests / 5.0), maxInFlight, overflowed, movedWithRoom);
    }

    private sealed record Outcome(long[] Picks, double MaxPickRatio, double MaxInFlightRatio, int Overflowed, int MovedWithRoom);
}
