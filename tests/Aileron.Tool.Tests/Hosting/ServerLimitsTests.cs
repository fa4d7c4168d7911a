using Aileron.Configuration.Model;
using Aileron.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Tests.Hosting;

/// <summary>AILERON's http2Config as Kestrel's HTTP/2 limits (unit).</summary>
public sealed class ServerLimitsTests
{
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
