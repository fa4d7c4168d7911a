using Aileron.Balancing;
using Aileron.Simulation;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Simulation;

public sealed class SimulationPlannerTests
{
    private static SimulationInput Synthetic(string algorithm = "maglev") => new() { Algorithm = algorithm };

    [Fact]
    public void Synthetic_upstreams_are_numbered_from_1_with_the_given_weights()
    {
        var plan = SimulationPlanner.Create(Synthetic() with { Weights = "3, 0,-1" });

        var spec = Assert.Single(plan.Cases).Before;
        Assert.Equal(LbAlgorithm.Maglev, spec.LbAlgorithm);
        Assert.Equal(["http://upstream-1", "http://upstream-2", "http://upstream-3"], spec.Upstreams.Select(u => u.Url));
        Assert.Equal([3, 1, -1], spec.Upstreams.Select(u => u.Weight));
        Assert.False(plan.Many);
    }

    [Fact]
    public void Without_a_count_or_weights_there_are_five_upstreams()
    {
        var plan = SimulationPlanner.Create(Synthetic());

        Assert.Equal(5, plan.Cases[0].Before.Upstreams.Count);
    }

    [Fact]
    public void Compare_runs_every_algorithm_on_the_same_upstreams()
    {
        var plan = SimulationPlanner.Create(new SimulationInput { Compare = true, UpstreamCount = 3, Remove = ["1"] });

        Assert.Equal(AlgorithmNames.All, plan.Cases.Select(c => c.Before.LbAlgorithm));
        Assert.All(plan.Cases, c => Assert.Equal([0], c.Change!.Down));
        Assert.True(plan.Many);
    }

    [Fact]
    public void A_config_gives_every_load_balancer_unless_one_is_chosen()
    {
        var file = TestFiles.Example("config-ring-hash.yaml");

        var all = SimulationPlanner.Create(new SimulationInput { Files = [file] });
        var one = SimulationPlanner.Create(new SimulationInput { Files = [file], LoadBalancer = "default/default[0]" });

        Assert.True(all.Many);
        Assert.False(one.Many);
        Assert.Equal("default/default[0]", Assert.Single(one.Cases).Name);
        Assert.Equal(LbAlgorithm.RingHash, one.Cases[0].Before.LbAlgorithm);
        Assert.Equal(LbAlgorithms.DefaultRingSize, one.Cases[0].Before.HashTableSize);
    }

    [Fact]
    public void Another_algorithm_on_a_config_gets_its_own_default_table_size()
    {
        var plan = SimulationPlanner.Create(new SimulationInput { Files = [TestFiles.Example("config-ring-hash.yaml")], Algorithm = "maglev" });

        Assert.Equal(LbAlgorithm.Maglev, plan.Cases[0].Before.LbAlgorithm);
        Assert.Equal(0, plan.Cases[0].Before.HashTableSize);
    }

    [Fact]
    public void An_invalid_config_returns_its_diagnostics_and_no_cases()
    {
        var plan = SimulationPlanner.Create(new SimulationInput { Files = [TestFiles.Path("Configuration/Invalid/unknown-enum.yaml")] });

        Assert.True(plan.ConfigFailed);
        Assert.Empty(plan.Cases);
        Assert.Null(plan.UsageError);
    }

    [Theory]
    [InlineData("", "nothing to simulate: give --algo NAME (and --upstreams N), --compare, or -f FILE")]
    [InlineData("--requests 0", "--requests 0: use 1 to 100000000")]
    [InlineData("--concurrency 0", "--concurrency 0: use 1 to 1000000")]
    [InlineData("--sequence -1", "--sequence -1: use 0 or more picks")]
    [InlineData("--add -2", "--add -2: use 0 to 10000 upstreams")]
    [InlineData("--key-count -5", "--key-count -5: use 1 or more (or leave it out: as many keys as requests)")]
    [InlineData("--format xml", "--format xml: use table, json or csv")]
    [InlineData("--keys 1", "--keys 1: use uniform, zipf or none")]
    [InlineData("--format csv --sequence 3", "--sequence prints in the table and json formats: csv holds one row per upstream")]
    [InlineData("--algo maglev --compare", "--compare runs every algorithm: drop --algo, or drop --compare")]
    [InlineData("--algo maglev --upstreams 0", "--upstreams 0: use 1 to 10000")]
    [InlineData("--algo maglev --upstreams 3 --weights 1,1", "--weights 1,1: 2 weights for 3 upstreams: give one per upstream")]
    [InlineData("--algo maglev --weights 3,x", "--weights 3,x: 'x' is not a weight: use 1 to 65535 (0 means 1, -1 disables), one per upstream, e.g. --weights 3,1,1")]
    [InlineData("--algo maglev --weights 70000", "--weights 70000: '70000' is not a weight: use 1 to 65535 (0 means 1, -1 disables), one per upstream, e.g. --weights 3,1,1")]
    [InlineData("--algo maglev --weights -1,-1", "--weights -1,-1: every upstream is disabled (-1): enable at least one")]
    [InlineData("--algo maglev --table-size 1000", "--table-size 1000: Maglev needs a prime no larger than 5000011 (e.g. 65537, 131071, 1048573)")]
    [InlineData("--algo maglev --table-size 3", "--table-size 3: Maglev needs at least one slot per upstream (5)")]
    [InlineData("--algo ringhash --table-size 0", "--table-size 0: use 1 to 8388608 ring points")]
    [InlineData("--algo maglev --lb 1", "--lb chooses a load balancer of a config: add -f FILE")]
    public void A_wrong_command_line_is_one_line_naming_the_flag(string args, string message)
    {
        var plan = SimulationPlanner.Create(Parse(args));

        Assert.Equal(message, plan.UsageError);
        Assert.Empty(plan.Cases);
    }

    [Theory]
    [InlineData("--upstreams 3", "--upstreams and --weights make synthetic upstreams: with -f the config's upstreams are simulated")]
    [InlineData("--lb 2", "--lb 2: the config has 1 load balancer: give an index from 1 to 1, or a name")]
    [InlineData("--lb default/defalt[0]", "--lb default/defalt[0]: no such load balancer; did you mean default/default[0]? (names: default/default[0])")]
    public void A_wrong_choice_within_a_config_is_one_line_naming_the_flag(string args, string message)
    {
        var plan = SimulationPlanner.Create(Parse(args) with { Files = [TestFiles.Example("config-maglev.yaml")] });

        Assert.Equal(message, plan.UsageError);
    }

    /// <summary>A small reader of the flags these tests use, so each case reads like the command line it stands for.</summary>
    private static SimulationInput Parse(string args)
    {
        var input = new SimulationInput();
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var value = i + 1 < words.Length ? words[i + 1] : string.Empty;
            input = words[i] switch
            {
                "--algo" => input with { Algorithm = value },
                "--compare" => input with { Compare = true },
                "--upstreams" => input with { UpstreamCount = int.Parse(value) },
                "--weights" => input with { Weights = value },
                "--table-size" => input with { TableSize = int.Parse(value) },
                "--lb" => input with { LoadBalancer = value },
                "--format" => input with { Format = value },
                "--keys" => input with { Keys = value },
                "--add" => input with { Add = int.Parse(value) },
                "--requests" => input with { Settings = input.Settings with { Requests = int.Parse(value) } },
                "--concurrency" => input with { Settings = input.Settings with { Concurrency = int.Parse(value) } },
                "--sequence" => input with { Settings = input.Settings with { Sequence = int.Parse(value) } },
                "--key-count" => input with { Settings = input.Settings with { KeyCount = int.Parse(value) } },
                _ => input,
            };
        }

        return input;
    }
}
