using Aileron.Balancing;
using Aileron.Tests.TestSupport;
using Snapshooter;
using Snapshooter.Xunit;

namespace Aileron.Tests.Balancing;

public sealed class LoadBalancerTests
{
    public static TheoryData<string, string> SequenceInputs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var algorithm in Engines.All)
            {
                foreach (var weights in new[] { "1,1,1,1,1", "3,1", "5,1,1" })
                {
                    data.Add(algorithm.ToString(), weights);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> Algorithms => [.. Engines.All.Select(a => a.ToString())];

    public static TheoryData<string> HashAlgorithms => [.. Engines.Hashing.Select(a => a.ToString())];

    [Theory]
    [MemberData(nameof(SequenceInputs))]
    public void Picks_for_keys_k0_to_k19_with_seed_42_match_the_snapshot(string algorithm, string weights)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), [.. weights.Split(',').Select(int.Parse)]);

        // Requests stay in flight, so the load-aware algorithms show how they react to load.
        var picks = Enumerable.Range(0, 20).Select(i =>
        {
            var upstream = balancer.Pick(Engines.Key(i))!;
            upstream.RequestStarted();
            return $"k{i} -> {upstream.Url}";
        }).ToList();

        Snapshot.Match(picks, new SnapshotNameExtension($"{algorithm}_{weights.Replace(',', '-')}"));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Disabled_and_unhealthy_upstreams_are_never_picked(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, -1, 2, 1);
        balancer.SetHealthy(balancer.Upstreams[3], false);

        var counts = Engines.Count(balancer, 20_000);

        Assert.Equal(0, counts[1]);
        Assert.Equal(0, counts[3]);
        Assert.True(counts[0] > 0 && counts[2] > 0, string.Join(",", counts));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void An_upstream_that_recovers_is_picked_again(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, 1);
        balancer.SetHealthy(balancer.Upstreams[1], false);
        balancer.SetHealthy(balancer.Upstreams[1], true);

        Assert.True(Engines.Count(balancer, 3_000)[1] > 0);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Two_engines_built_from_one_config_pick_identically(string algorithm)
    {
        var spec = TestYaml.Load(TestYaml.WithHandler($"""
                - lbAlgorithm: {algorithm}
                  hasher:
                    hashSource: Header
                    key: Hash-Key
                  upstreams:
                    - url: http://localhost:8001
                    - url: http://localhost:8002
                      weight: 3
                    - url: http://localhost:8003
                    - url: http://localhost:8004
                      weight: -1
                    - url: http://localhost:8005
            """)).Config!.LoadBalancers[0].Spec;
        var first = spec.CreateBalancer(new RandomSource(7));
        var second = spec.CreateBalancer(new RandomSource(7));

        for (var i = 0; i < 2_000; i++)
        {
            var a = first.Pick(Engines.Key(i))!;
            var b = second.Pick(Engines.Key(i))!;
            Assert.Equal(a.Url, b.Url);
            a.RequestStarted();
            b.RequestStarted();
        }
    }

    [Theory]
    [MemberData(nameof(HashAlgorithms))]
    public void Hash_algorithms_pick_by_key_alone_whatever_the_random_source(string algorithm)
    {
        // Unseeded sources differ per engine, as they do per process: keyed picks must not notice.
        var spec = Engines.Spec(Enum.Parse<LbAlgorithm>(algorithm), 1, 2, 1, 1, 3);
        var first = spec.CreateBalancer(RandomSource.CreateUnseeded());
        var second = spec.CreateBalancer(RandomSource.CreateUnseeded());

        for (var i = 0; i < 2_000; i++)
        {
            Assert.Same(first.Pick(Engines.Key(i))!.Url, second.Pick(Engines.Key(i))!.Url);
        }
    }

    [Theory]
    [MemberData(nameof(HashAlgorithms))]
    public void Requests_without_a_key_spread_by_weight_instead_of_piling_onto_one_upstream(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, 2);
        var counts = new long[3];
        for (var i = 0; i < 40_000; i++)
        {
            counts[balancer.Pick(RequestKey.None)!.Index]++;
        }

        Engines.AssertWeightShares(counts, [1, 1, 2], 0.01);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_pick_allocates_nothing(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 3, 1, 1, 2, 1);
        var keys = Enumerable.Range(0, 256).Select(Engines.Key).Append(RequestKey.None).ToArray();
        foreach (var key in keys)
        {
            balancer.Pick(key);
        }

        // The runtime may allocate on this thread once while it recompiles the loop (tiering, on-stack
        // replacement); a pick that allocates does so in every attempt, so the quietest one decides.
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < 5 && fewest > 0; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 20; round++)
            {
                foreach (var key in keys)
                {
                    balancer.Pick(key);
                }
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void With_every_upstream_disabled_a_pick_returns_null(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), -1, -1);

        Assert.Null(balancer.Pick(Engines.Key(1)));
        Assert.False(balancer.IsPanicking);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void With_every_enabled_upstream_unhealthy_picks_spread_over_them_all(string algorithm)
    {
        var balancer = Engines.Create(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, -1);
        balancer.SetHealthy(balancer.Upstreams[0], false);
        balancer.SetHealthy(balancer.Upstreams[1], false);

        var counts = Engines.Count(balancer, 2_000);

        Assert.True(balancer.IsPanicking);
        Assert.True(counts[0] > 0 && counts[1] > 0 && counts[2] == 0, string.Join(",", counts));
    }

    [Fact]
    public void A_health_change_swaps_in_a_new_snapshot_and_a_repeat_changes_nothing()
    {
        var balancer = Engines.Create(LbAlgorithm.Maglev, 1, 1, 1);
        var original = balancer.Snapshot;

        Assert.True(balancer.SetHealthy(balancer.Upstreams[2], false));
        var rebuilt = balancer.Snapshot;
        Assert.False(balancer.SetHealthy(balancer.Upstreams[2], false));

        Assert.NotSame(original, rebuilt);
        Assert.Same(rebuilt, balancer.Snapshot);
        Assert.Equal(["http://upstream-1", "http://upstream-2"], rebuilt.Active.Select(u => u.Url));
    }

    [Fact]
    public async Task Picks_stay_correct_while_another_thread_flips_health()
    {
        var balancer = (Engines.Spec(LbAlgorithm.RingHash, 1, 1, 1, 1) with { HashTableSize = 1024 }).CreateBalancer(new RandomSource(1));
        var flipper = Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                balancer.SetHealthy(balancer.Upstreams[i % 3], i % 2 == 0);
            }
        });

        long picked = 0;
        while (!flipper.IsCompleted)
        {
            Assert.NotNull(balancer.Pick(Engines.Key((int)(picked++ % 1000))));
        }

        await flipper;
        Assert.True(balancer.Upstreams[3].IsActive);
    }
}
