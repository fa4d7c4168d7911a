using Aileron.Balancing;
using Aileron.Simulation;
using Aileron.Tests.Balancing;

namespace Aileron.Tests.Simulation;

public sealed class LoadTimelineTests
{
    [Fact]
    public void Samples_are_evenly_spaced_and_hold_every_request_in_flight()
    {
        var settings = new SimulationSettings { Requests = 10_000, Concurrency = 16 };
        var timeline = new LoadTimeline(settings.Requests, samples: 100);

        Simulator.Run(new SimulationCase(null, Engines.Spec(LbAlgorithm.LeastRequests, 1, 1, 1, 1)), settings, timeline);

        Assert.Equal(Enumerable.Range(1, 100).Select(k => k * 100), timeline.At);
        Assert.All(timeline.InFlight, sample => Assert.Equal(4, sample.Length));
        // Up to the concurrency, every request sent is still in flight; after it, exactly that many are.
        Assert.All(timeline.At.Zip(timeline.InFlight), s => Assert.Equal(Math.Min(s.First, settings.Concurrency), s.Second.Sum()));
    }

    [Fact]
    public void Least_requests_keeps_every_upstream_within_one_of_its_fair_part()
    {
        var settings = new SimulationSettings { Requests = 20_000, Concurrency = 32 };
        var timeline = new LoadTimeline(settings.Requests);

        Simulator.Run(new SimulationCase(null, Engines.Spec(LbAlgorithm.LeastRequests, 1, 1, 1, 1)), settings, timeline);

        Assert.All(timeline.InFlight.Where((_, k) => timeline.At[k] >= settings.Concurrency), sample => Assert.InRange(sample.Max() - sample.Min(), 0, 1));
    }

    [Fact]
    public void Fewer_requests_than_samples_sample_every_request()
    {
        var timeline = new LoadTimeline(requests: 10, samples: 240);

        Simulator.Run(new SimulationCase(null, Engines.Spec(LbAlgorithm.PowerOfTwoChoices, 1, 1)), new SimulationSettings { Requests = 10 }, timeline);

        Assert.Equal(Enumerable.Range(1, 10), timeline.At);
    }
}
