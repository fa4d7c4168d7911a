using Aileron.Configuration.Model;
using Aileron.Health;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Health;

public sealed class OutlierDetectorTests : IDisposable
{
    private static readonly UpstreamSpec Passive = new() { Url = "http://localhost:8001", EnablePassive = true };
    private readonly FakeTimeProvider _time = new();
    private readonly List<bool> _changes = [];
    private OutlierDetector? _detector;

    public void Dispose() => _detector?.Dispose();

    private OutlierDetector Create(UpstreamSpec? spec = null)
    {
        _detector = new OutlierDetector(spec ?? Passive, _time, d => _changes.Add(d.IsEjected));
        return _detector;
    }

    private static void Report(OutlierDetector detector, ForwardOutcome outcome, int times)
    {
        for (var i = 0; i < times; i++)
        {
            detector.Report(outcome);
        }
    }

    private TimeSpan EjectAndMeasure(OutlierDetector detector)
    {
        Report(detector, ForwardOutcome.ServerError, 5);
        Assert.True(detector.IsEjected);
        var duration = detector.EjectedUntil!.Value - _time.GetUtcNow();
        _time.Advance(duration);
        Assert.False(detector.IsEjected);
        return duration;
    }

    [Fact]
    public void Five_failures_in_a_row_eject_and_four_do_not()
    {
        var detector = Create();

        Report(detector, ForwardOutcome.TransportFailure, 4);
        Assert.Equal(PassiveHealth.Ok, detector.State);
        detector.Report(ForwardOutcome.ServerError);

        Assert.Equal(PassiveHealth.Ejected, detector.State);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), detector.EjectedUntil);
        Assert.Equal([true], _changes);
    }

    [Fact]
    public void A_success_ends_the_failure_run()
    {
        var detector = Create();

        Report(detector, ForwardOutcome.ServerError, 4);
        detector.Report(ForwardOutcome.Success);
        Report(detector, ForwardOutcome.ServerError, 4);

        Assert.False(detector.IsEjected);
        Assert.Equal(4, detector.ConsecutiveFailures);
        Assert.Equal((9, 8), (detector.Requests, detector.Failures));
    }

    [Fact]
    public void Client_aborts_neither_count_as_failures_nor_end_a_failure_run()
    {
        var detector = Create();

        Report(detector, ForwardOutcome.ClientAbort, 50);
        Assert.False(detector.IsEjected);
        Report(detector, ForwardOutcome.ServerError, 4);
        Report(detector, ForwardOutcome.ClientAbort, 10);
        detector.Report(ForwardOutcome.TransportFailure);

        Assert.True(detector.IsEjected);
        Assert.Equal((5, 5), (detector.Requests, detector.Failures));
    }

    [Fact]
    public void The_ejection_ends_by_itself_when_the_cool_down_passes()
    {
        var detector = Create();
        Report(detector, ForwardOutcome.ServerError, 5);

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        Assert.True(detector.IsEjected);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(PassiveHealth.Ok, detector.State);
        Assert.Null(detector.EjectedUntil);
        Assert.Equal(0, detector.ConsecutiveFailures);
        Assert.Equal([true, false], _changes);
    }

    [Fact]
    public void Each_repeat_ejection_doubles_the_cool_down_up_to_the_max()
    {
        var detector = Create();

        var durations = Enumerable.Range(0, 6).Select(_ => EjectAndMeasure(detector).TotalSeconds).ToList();

        Assert.Equal([30, 60, 120, 240, 300, 300], durations);
        Assert.Equal(6, detector.Ejections);
    }

    [Fact]
    public void Custom_ejection_times_and_threshold_come_from_the_config()
    {
        var detector = Create(Passive with
        {
            ConsecutiveFailures = 2, BaseEjectionTime = TimeSpan.FromSeconds(10), MaxEjectionTime = TimeSpan.FromSeconds(25),
        });

        detector.Report(ForwardOutcome.ServerError);
        detector.Report(ForwardOutcome.ServerError);
        Assert.True(detector.IsEjected);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(20), detector.NextEjectionTime());
        Report(detector, ForwardOutcome.ServerError, 2);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.FromSeconds(25), detector.NextEjectionTime());
    }

    [Fact]
    public void The_repeat_count_relaxes_one_step_per_base_time_the_upstream_stays_in()
    {
        var detector = Create();
        EjectAndMeasure(detector);
        EjectAndMeasure(detector);
        EjectAndMeasure(detector);
        Assert.Equal(TimeSpan.FromSeconds(240), detector.NextEjectionTime());

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(120), detector.NextEjectionTime());
        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(30), detector.NextEjectionTime());
        Assert.Equal(TimeSpan.FromSeconds(30), EjectAndMeasure(detector));
    }

    [Fact]
    public void Without_enable_passive_results_are_counted_but_nothing_is_ejected()
    {
        var detector = Create(Passive with { EnablePassive = false });

        Report(detector, ForwardOutcome.TransportFailure, 100);

        Assert.Equal(PassiveHealth.Off, detector.State);
        Assert.False(detector.IsEjected);
        Assert.Equal(100, detector.Failures);
        Assert.Empty(_changes);
    }

    [Fact]
    public void Failures_while_ejected_do_not_extend_the_ejection()
    {
        var detector = Create();
        Report(detector, ForwardOutcome.ServerError, 5);
        var until = detector.EjectedUntil;

        _time.Advance(TimeSpan.FromSeconds(10));
        Report(detector, ForwardOutcome.ServerError, 20);

        Assert.Equal(until, detector.EjectedUntil);
        Assert.Equal(1, detector.Ejections);
    }
}
