using System.Text.Json;
using Aileron.Balancing;
using Aileron.Simulation;
using Aileron.Tests.Balancing;

namespace Aileron.Tests.Simulation;

public sealed class SimulatorTests
{
    private static SimulationReport Run(LbAlgorithm algorithm, int[] weights, SimulationSettings settings, string[]? remove = null, int add = 0)
    {
        var spec = Engines.Spec(algorithm, weights);
        return Simulator.Run(new SimulationCase(null, spec, UpstreamChanges.Apply(spec, remove ?? [], add, out _)), settings);
    }

    private static string Json(SimulationReport report) => JsonSerializer.Serialize(report, SimulationJsonContext.Default.SimulationReport);

    [Theory]
    [InlineData(nameof(LbAlgorithm.Random))]
    [InlineData(nameof(LbAlgorithm.PowerOfTwoChoices))]
    [InlineData(nameof(LbAlgorithm.Maglev))]
    public void The_same_seed_gives_the_same_report_and_another_seed_another(string algorithm)
    {
        var settings = new SimulationSettings { Requests = 5_000, Sequence = 20, Keys = KeyDistribution.Zipf };
        var algo = Enum.Parse<LbAlgorithm>(algorithm);

        var first = Json(Run(algo, [3, 1, 1], settings, ["2"]));
        var again = Json(Run(algo, [3, 1, 1], settings, ["2"]));
        var other = Json(Run(algo, [3, 1, 1], settings with { Seed = 2 }, ["2"]));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Shares_count_every_request_and_expected_shares_follow_the_enabled_weights()
    {
        var report = Run(LbAlgorithm.RoundRobin, [3, -1, 1], new SimulationSettings { Requests = 4_000 });

        Assert.Equal([3_000L, 0L, 1_000L], report.Upstreams.Select(u => u.Picks));
        Assert.Equal([0.75, 0, 0.25], report.Upstreams.Select(u => u.ExpectedShare));
        Assert.Equal(-1, report.Upstreams[1].Weight);
        Assert.Equal(1.0, report.Imbalance);
    }

    [Fact]
    public void Imbalance_is_the_largest_share_over_its_expected_share()
    {
        var report = Run(LbAlgorithm.Random, [1, 1], new SimulationSettings { Requests = 1_000 });

        var worst = report.Upstreams.Max(u => u.Picks) / 1_000.0 / 0.5;
        Assert.Equal(worst, report.Imbalance, 6);
    }

    [Fact]
    public void The_sequence_lists_the_first_picks_in_order()
    {
        var report = Run(LbAlgorithm.RoundRobin, [1, 1, 1], new SimulationSettings { Requests = 100, Sequence = 4 });

        Assert.Equal(["http://upstream-1", "http://upstream-2", "http://upstream-3", "http://upstream-1"], report.Sequence);
    }

    [Fact]
    public void Without_a_change_nothing_is_reported_as_moved()
    {
        var report = Run(LbAlgorithm.Maglev, [1, 1], new SimulationSettings { Requests = 100 });

        Assert.Null(report.Moved);
        Assert.Null(report.MinimalMoved);
        Assert.Null(report.Sequence);
    }

    [Fact]
    public void Adding_one_to_five_upstreams_must_move_at_least_a_sixth()
    {
        var report = Run(LbAlgorithm.Maglev, Engines.Equal(5), new SimulationSettings { Requests = 50_000 }, add: 1);

        Assert.Equal(1.0 / 6, report.MinimalMoved!.Value, 6);
        Assert.InRange(report.Moved!.Value, 1.0 / 6 - 0.01, 0.21);
    }

    [Fact]
    public void Removing_an_upstream_from_round_robin_moves_almost_every_request()
    {
        var report = Run(LbAlgorithm.RoundRobin, Engines.Equal(5), new SimulationSettings { Requests = 1_000 }, ["1"]);

        Assert.Equal(0.2, report.MinimalMoved!.Value, 6);
        Assert.Equal(0.8, report.Moved!.Value, 6);
    }

    [Fact]
    public void Minimal_moved_is_what_the_upstreams_that_lose_share_lose_in_total()
    {
        Assert.Equal(0.5, Simulator.MinimalMoved([0.5, 0.25, 0.25], [0, 0.5, 0.5]), 9);
        Assert.Equal(0.25, Simulator.MinimalMoved([0.5, 0.5], [0.5, 0.25, 0.25]), 9);
    }

    [Fact]
    public void Keyless_requests_on_a_hash_algorithm_spread_evenly_with_missing_key_random()
    {
        var report = Run(LbAlgorithm.Maglev, [1, 1, 1, 1], new SimulationSettings { Requests = 40_000, Keys = KeyDistribution.None, MissingKey = MissingKey.Random });

        Assert.True(report.Imbalance < 1.04, $"imbalance {report.Imbalance}");
        Assert.Equal("random", report.MissingKey);
    }

    [Theory]
    [InlineData(nameof(LbAlgorithm.Maglev))]
    [InlineData(nameof(LbAlgorithm.RingHash))]
    [InlineData(nameof(LbAlgorithm.DirectHash))]
    public void Keyless_requests_on_a_hash_algorithm_all_go_to_one_upstream_by_default_as_in_AILERON(string algorithm)
    {
        var report = Run(Enum.Parse<LbAlgorithm>(algorithm), [1, 1, 1, 1], new SimulationSettings { Requests = 1_000, Keys = KeyDistribution.None });

        Assert.Equal(1, report.Upstreams.Count(u => u.Picks > 0));
        Assert.Equal("hash-empty", report.MissingKey);
    }

    [Fact]
    public void Zipf_keys_skew_a_hash_algorithm_and_leave_round_robin_even()
    {
        var settings = new SimulationSettings { Requests = 20_000, Keys = KeyDistribution.Zipf };

        Assert.True(Run(LbAlgorithm.DirectHash, Engines.Equal(10), settings).Imbalance > 1.3);
        Assert.Equal(1.0, Run(LbAlgorithm.RoundRobin, Engines.Equal(10), settings).Imbalance);
    }

    [Fact]
    public void A_detailed_run_measures_each_change_alone_then_all_at_once()
    {
        var spec = Engines.Spec(LbAlgorithm.Maglev, 1, 1, 1, 1);
        var settings = new SimulationSettings { Requests = 4_000 };
        var simulation = new SimulationCase(null, spec, UpstreamChanges.Apply(spec, ["2"], 1, out _), UpstreamChanges.Steps(spec, ["2"], 1));

        var detail = Simulator.RunDetailed(simulation, settings);

        Assert.Equal(["remove http://upstream-2", "add 1 upstream", "remove http://upstream-2, add 1 upstream"], detail.Changes.Select(c => c.Description));
        Assert.Equal(Simulator.Run(simulation, settings).Moved, detail.Report.Moved);
        Assert.Equal(detail.Report.Moved, detail.Changes[^1].Moved);
        Assert.Equal(Run(LbAlgorithm.Maglev, [1, 1, 1, 1], settings, ["2"]).Moved, detail.Changes[0].Moved);
        Assert.Equal(Run(LbAlgorithm.Maglev, [1, 1, 1, 1], settings, add: 1).Moved, detail.Changes[1].Moved);
        Assert.Equal(0.25, detail.Changes[0].MinimalMoved, 6);
        Assert.Equal(0.2, detail.Changes[1].MinimalMoved, 6);
        Assert.Null(detail.Load);
    }

    [Theory]
    [InlineData(nameof(LbAlgorithm.LeastRequests), true)]
    [InlineData(nameof(LbAlgorithm.PowerOfTwoChoices), true)]
    [InlineData(nameof(LbAlgorithm.RoundRobin), false)]
    [InlineData(nameof(LbAlgorithm.RingHash), false)]
    public void A_detailed_run_samples_the_load_of_the_algorithms_that_pick_by_it(string algorithm, bool sampled)
    {
        var spec = Engines.Spec(Enum.Parse<LbAlgorithm>(algorithm), 1, 1, 1);

        var detail = Simulator.RunDetailed(new SimulationCase(null, spec), new SimulationSettings { Requests = 2_000 });

        Assert.Equal(sampled, detail.Load is not null);
        Assert.Empty(detail.Changes);
    }
}
