using Aileron.Configuration.Model;
using Aileron.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Tests.Hosting;

/// <summary>What a client may cost a server: every Kestrel limit set from the HTTPServer's fields, none left to Kestrel's defaults.</summary>
public sealed class ServerLimitsTests
{
    [Fact]
    public void The_defaults_are_set_explicitly_on_kestrel()
    {
        var limits = new KestrelServerOptions().Limits;
        ServerLimits.Apply(limits, new HttpServerSpec());

        Assert.Null(limits.MaxRequestBodySize);
        Assert.Equal(32 * 1024, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(100, limits.MaxRequestHeaderCount);
        Assert.Equal(8 * 1024, limits.MaxRequestLineSize);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(130), limits.KeepAliveTimeout);
        Assert.Equal((240, TimeSpan.FromSeconds(5)), (limits.MinRequestBodyDataRate!.BytesPerSecond, limits.MinRequestBodyDataRate.GracePeriod));
        Assert.Equal((240, TimeSpan.FromSeconds(5)), (limits.MinResponseDataRate!.BytesPerSecond, limits.MinResponseDataRate.GracePeriod));
    }

    [Fact]
    public void A_min_data_rate_of_zero_turns_the_rate_checks_off()
    {
        var limits = new KestrelServerOptions().Limits;
        ServerLimits.Apply(limits, new HttpServerSpec { MinDataRate = 0 });

        Assert.Null(limits.MinRequestBodyDataRate);
        Assert.Null(limits.MinResponseDataRate);
    }

    [Fact]
    public void A_reload_that_changes_a_kestrel_limit_names_that_field_and_only_that_one()
    {
        var running = new HttpServerSpec();
        var next = new HttpServerSpec { KeepAliveTimeout = TimeSpan.FromSeconds(5), MaxRequestBodySize = 1000 };

        Assert.Equal(["keepAliveTimeout"], ServerLimits.ChangedFields(running, next));
        Assert.Empty(ServerLimits.ChangedFields(running, new HttpServerSpec()));
    }

    [Fact]
    public void Http2Config_sets_the_limits_kestrel_has_and_keeps_defaults_for_zero_or_out_of_range()
    {
        var set = new KestrelServerOptions().Limits.Http2;
        var defaults = new KestrelServerOptions().Limits.Http2;
        var untouched = new KestrelServerOptions().Limits.Http2;

        ServerLimits.Apply(set, new Http2ConfigSpec
        {
            MaxConcurrentStreams = 7, MaxDecoderHeaderTableSize = 8192, MaxReadFrameSize = 32768,
            MaxUploadBufferPerConnection = 2 << 20, MaxUploadBufferPerStream = 1 << 20,
        });
        ServerLimits.Apply(defaults, new Http2ConfigSpec { MaxReadFrameSize = 100 });
        ServerLimits.Apply(untouched, null);

        Assert.Equal((7, 8192, 32768, 2 << 20, 1 << 20), (set.MaxStreamsPerConnection, set.HeaderTableSize, set.MaxFrameSize, set.InitialConnectionWindowSize, set.InitialStreamWindowSize));
        Assert.Equal((Http2ConfigSpec.DefaultMaxConcurrentStreams, 16384), (defaults.MaxStreamsPerConnection, defaults.MaxFrameSize));
        Assert.Equal(100, untouched.MaxStreamsPerConnection);
    }
}
